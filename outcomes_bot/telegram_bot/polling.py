"""Long polling that never loses a message: an update is confirmed only once it has been handled.

PTB's own ``Updater`` confirms a batch of updates to Telegram as soon as it
has queued them, before any handler runs, so a ``kill -9`` loses whatever was
waiting in memory. Here the offset moves on only after the whole batch has
been handled, and each handled update is recorded in SQLite, so a batch that
Telegram delivers again after a crash is not handled twice. A practice text's
record is its turn, saved with the message's id in the turn's own commit: if
it comes again, the engine answers from the stored turn instead of coaching it
twice, so the hot path costs one commit, not two.

Within a batch, different people's updates are handled at the same time and
each person's in order, so one slow reply holds up no one else.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

log = logging.getLogger(__name__)
LONG_POLL = 10  # seconds Telegram may hold a getUpdates call open
MAX_BACKOFF = 30.0


def sender(update: Update) -> int:
    """Who an update belongs to, so one person's updates stay in order."""
    if update.effective_user:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat else 0


async def handle_batch(app: Application, updates: list[Update]) -> None:
    """Handle a batch: each person's updates in order, different people's concurrently."""
    store = app.bot_data["engine"].store
    queues: dict[int, list[Update]] = defaultdict(list)
    for update in updates:
        if not store.update_handled(update.update_id):
            queues[sender(update)].append(update)

    by_turn: set[int] = app.bot_data.setdefault("recorded_by_turn", set())

    async def in_order(queue: list[Update]) -> None:
        for update in queue:
            await app.process_update(update)
            if update.update_id in by_turn:  # its practice turn, saved with its message id, is its record
                by_turn.discard(update.update_id)
            else:
                store.mark_update_handled(update.update_id)

    if len(queues) == 1:  # one person (the usual batch when it is quiet): no tasks to make
        await in_order(next(iter(queues.values())))
    else:
        await asyncio.gather(*(in_order(queue) for queue in queues.values()))


async def poll(app: Application, stop: asyncio.Event) -> None:
    """Fetch, handle, then confirm, until ``stop`` is set."""
    try:
        await app.bot.delete_webhook()  # polling and a webhook cannot both be on
    except NetworkError:
        raise
    except TelegramError as exc:  # a server without the method (PTB reads its 404 as InvalidToken): no webhook
        log.warning("could not remove a webhook: %s", exc.__class__.__name__)
    offset: int | None = None
    backoff = 1.0
    stopping = asyncio.create_task(stop.wait())
    while not stop.is_set():
        fetch = asyncio.create_task(
            app.bot.get_updates(
                offset=offset, timeout=LONG_POLL, allowed_updates=Update.ALL_TYPES, read_timeout=LONG_POLL + 5
            )
        )
        await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if stop.is_set():  # stop while waiting, not while handling
            fetch.cancel()
            break
        try:
            updates = fetch.result()
        except InvalidToken:
            raise
        except RetryAfter as exc:
            await asyncio.sleep(exc.retry_after if isinstance(exc.retry_after, int) else 1)
            continue
        except (NetworkError, Conflict) as exc:
            log.warning("getUpdates failed (%s); trying again in %.0f s", exc.__class__.__name__, backoff)
            await _sleep_unless(stop, backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)
            continue
        backoff = 1.0
        if updates:
            await handle_batch(app, updates)
            offset = updates[-1].update_id + 1  # confirmed to Telegram by the next getUpdates
    stopping.cancel()
    if offset is not None:
        try:  # confirm the last batch, so a restart does not even fetch it again
            await app.bot.get_updates(offset=offset, timeout=0)
        except NetworkError:
            pass


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    """Wait ``seconds``, or less if asked to stop."""
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except asyncio.TimeoutError:
        pass
