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
import logging
from collections import defaultdict

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application
from telegram.request import HTTPXRequest

log = logging.getLogger(__name__)
LONG_POLL = 10  # seconds Telegram may hold a getUpdates call open
MAX_BACKOFF = 30.0


class UpdatesRequest(HTTPXRequest):
    """The connection getUpdates uses: after a batch failed to parse, it drops the updates that cannot be read."""

    def __init__(self) -> None:
        super().__init__(connection_pool_size=1)  # as PTB makes its own getUpdates connection
        self.careful = False  # set for the one fetch after a batch failed to parse
        self.skipped: list[int] = []  # ids of updates dropped since last asked

    def parse_json_payload(self, payload: bytes) -> dict:
        """Telegram's answer; when careful, without the updates PTB cannot read."""
        answer = super().parse_json_payload(payload)
        if self.careful and isinstance(answer.get("result"), list):
            answer["result"] = [item for item in answer["result"] if self._readable(item)]
        return answer

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
    store = app.bot_data["engine"].store
    reader = app.bot_data.get("updates_request")  # None if PTB's own request was kept
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
        except Exception as exc:  # a batch PTB could not parse: read the next fetch update by update
            if reader is None or reader.careful:
                raise
            log.error("a batch of updates could not be read (%s); reading it update by update", type(exc).__name__)
            reader.careful = True
            continue
        backoff = 1.0
        skipped = reader.take_skipped() if reader is not None and reader.careful else []
        for update_id in skipped:
            log.warning("update %s could not be read and is skipped", update_id)
            store.mark_update_handled(update_id)
        if updates:
            await handle_batch(app, updates)
        last = max([u.update_id for u in updates] + skipped, default=None)
        if last is not None:
            offset = last + 1  # confirmed to Telegram by the next getUpdates
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
