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

An update this version of PTB cannot read (a field missing, as happens when
Telegram's API runs ahead of the library) would otherwise fail the whole
batch at every fetch, for ever. When a batch fails to parse, the next fetch
reads it update by update (``UpdatesRequest``): what cannot be read is
skipped, recorded by its id (never its contents), and confirmed with the rest.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from .context import App

log = logging.getLogger(__name__)
LONG_POLL = 10  # seconds Telegram may hold a getUpdates call open
MAX_BACKOFF = 30.0


class UpdatesRequest(HTTPXRequest):
    """The connection getUpdates uses: after a batch failed to parse, it drops the updates that cannot be read."""

    def __init__(self) -> None:
        super().__init__(connection_pool_size=1)  # as PTB makes its own getUpdates connection
        self.careful = False  # set for the one fetch after a batch failed to parse
        self.skipped: list[int] = []  # ids of updates dropped since last asked

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """Telegram's answer; when careful, without the updates PTB cannot read."""
        code, payload = await super().do_request(*args, **kwargs)
        if self.careful:
            answer = self.parse_json_payload(payload)
            if isinstance(answer.get("result"), list):
                answer["result"] = [item for item in answer["result"] if self._readable(item)]
                payload = json.dumps(answer).encode()
        return code, payload

    def _readable(self, item: object) -> bool:
        """Whether PTB can read one update; if not, its id is kept to skip it by."""
        try:
            Update.de_json(item, None)  # type: ignore[arg-type]
            return True
        except Exception:  # whatever the library raises on data it does not expect
            update_id = item.get("update_id") if isinstance(item, dict) else None
            if isinstance(update_id, int) and not isinstance(update_id, bool):
                self.skipped.append(update_id)
            return False

    def take_skipped(self) -> list[int]:
        """The ids dropped since last asked, and back to trusting batches whole."""
        skipped, self.skipped, self.careful = self.skipped, [], False
        return skipped


def sender(update: Update) -> int:
    """Who an update belongs to, so one person's updates stay in order."""
    if update.effective_user:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat else 0


async def handle_batch(app: App, updates: Sequence[Update]) -> None:
    """Handle a batch: each person's updates in order, different people's concurrently."""
    store = app.bot_data.engine.store
    queues: dict[int, list[Update]] = defaultdict(list)
    for update in updates:
        if not store.update_handled(update.update_id):
            queues[sender(update)].append(update)

    by_turn = app.bot_data.recorded_by_turn

    async def in_order(queue: list[Update]) -> None:
        """Handle one person's updates in turn, recording each as handled."""
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


@dataclass
class Polling:
    """Where polling has got to: the offset to confirm up to, and how long to wait after a failure."""

    app: App
    stop: asyncio.Event
    offset: int | None = None
    backoff: float = 1.0


async def poll(app: App, stop: asyncio.Event) -> None:
    """Fetch, handle, then confirm, until ``stop`` is set."""
    await _remove_webhook(app)
    polling = Polling(app, stop)
    stopping = asyncio.create_task(stop.wait())
    while not stop.is_set():
        fetch = asyncio.create_task(
            app.bot.get_updates(
                offset=polling.offset, timeout=LONG_POLL, allowed_updates=Update.ALL_TYPES, read_timeout=LONG_POLL + 5
            )
        )
        await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if stop.is_set():  # stop while waiting, not while handling
            fetch.cancel()
            break
        updates = await _fetched(polling, fetch)
        if updates is not None:
            await _handle(polling, updates)
    stopping.cancel()
    if polling.offset is not None:
        try:  # confirm the last batch, so a restart does not even fetch it again
            await app.bot.get_updates(offset=polling.offset, timeout=0)
        except NetworkError:
            pass


async def _remove_webhook(app: App) -> None:
    """Take off any webhook: polling and a webhook cannot both be on."""
    try:
        await app.bot.delete_webhook()
    except NetworkError:
        raise
    except TelegramError as exc:  # a server without the method (PTB reads its 404 as InvalidToken): no webhook
        log.warning("could not remove a webhook: %s", exc.__class__.__name__)


async def _fetched(polling: Polling, fetch: asyncio.Task[tuple[Update, ...]]) -> tuple[Update, ...] | None:
    """What a fetch brought; None (after waiting, if Telegram asks) if it failed and is to be tried again."""
    reader = polling.app.bot_data.updates_request  # None if PTB's own request was kept
    try:
        updates = fetch.result()
    except InvalidToken:
        raise
    except RetryAfter as exc:
        await asyncio.sleep(exc.retry_after if isinstance(exc.retry_after, int) else 1)
        return None
    except (NetworkError, Conflict) as exc:
        log.warning("getUpdates failed (%s); trying again in %.0f s", exc.__class__.__name__, polling.backoff)
        await _sleep_unless(polling.stop, polling.backoff)
        polling.backoff = min(polling.backoff * 2, MAX_BACKOFF)
        return None
    except Exception as exc:  # a batch PTB could not parse: read the next fetch update by update
        if reader is None or reader.careful:
            raise
        log.error("a batch of updates could not be read (%s); reading it update by update", type(exc).__name__)
        reader.careful = True
        return None
    polling.backoff = 1.0
    return updates


async def _handle(polling: Polling, updates: tuple[Update, ...]) -> None:
    """Handle a batch, record the updates skipped as unreadable, and move the offset past them all."""
    reader = polling.app.bot_data.updates_request
    skipped = reader.take_skipped() if reader is not None and reader.careful else []
    for update_id in skipped:
        log.warning("update %s could not be read and is skipped", update_id)
        polling.app.bot_data.engine.store.mark_update_handled(update_id)
    if updates:
        await handle_batch(polling.app, updates)
    last = max([u.update_id for u in updates] + skipped, default=None)
    if last is not None:
        polling.offset = last + 1  # confirmed to Telegram by the next getUpdates


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    """Wait ``seconds``, or less if asked to stop."""
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except asyncio.TimeoutError:
        pass
