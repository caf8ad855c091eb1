"""Running the real bot against the Bot API stand-in: in a thread, or as ``python bot.py``."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from pathlib import Path

from botapi import BotAPI

from outcomes_bot.content.flows import default_flows
from outcomes_bot.practice.engine import Engine
from outcomes_bot.store.database import Store
from outcomes_bot.telegram_bot import Settings, build
from outcomes_bot.telegram_bot.app import serve

ROOT = Path(__file__).resolve().parent.parent


class InProcessBot:
    """The real PTB Application, polling the stand-in from its own thread and event loop."""

    def __init__(self, api: BotAPI, db: Path, max_rate: float = 1000, admins: frozenset[str] = frozenset()):
        self.api, self.db, self.max_rate, self.admins = api, db, max_rate, admins
        self.app = None
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)
        self.error: BaseException | None = None

    def __enter__(self) -> "InProcessBot":
        self._thread.start()
        if not self._ready.wait(15) or self.error or not self.app.running:
            raise RuntimeError(f"the bot did not start: {self.error!r}")
        return self

    def run(self, coroutine, timeout: float = 15):
        """Run a coroutine on the bot's own event loop (e.g. a job, as if its time had come)."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(15)

    async def _main(self) -> None:
        """Serve as ``python bot.py`` does, until the test thread says stop."""
        store = Store(self.db)  # made here: SQLite connections belong to one thread
        self.loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        settings = Settings(self.api.token, self.api.url, self.max_rate, self.admins)
        self.app = build(settings, Engine(default_flows(), store))
        serving = asyncio.create_task(serve(self.app, stop))
        while not self._stop.is_set() and not serving.done():
            if self.app.running:
                self._ready.set()
            await asyncio.sleep(0.02)
        stop.set()
        try:
            await serving
        except BaseException as exc:  # reported to the test thread
            self.error = exc
        finally:
            self._ready.set()
            store.close()


def bot_process(
    api: BotAPI,
    db: Path,
    *args: str,
    token: str | None = None,
    log: Path | None = None,
    capture: bool = False,
    **env: str,
) -> subprocess.Popen:
    """Start ``python bot.py`` pointed at the stand-in, as a deployment would.

    Its output goes to ``log`` if given, to a pipe with ``capture``, or nowhere.
    """
    environment = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token if token is None else token,
        "TELEGRAM_API_URL": api.url,
        "OUTCOMES_DB": str(db),
        **env,
    }
    output = open(log, "ab") if log else subprocess.PIPE if capture else subprocess.DEVNULL
    try:
        return subprocess.Popen(
            [sys.executable, str(ROOT / "bot.py"), *args],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT if capture else output,
        )
    finally:
        if log:
            output.close()  # the bot has its own copy
