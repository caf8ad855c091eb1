"""`outcomes-bot bench telegram`: the real Application, as ``bot.py`` builds it, fed updates in one process.

Nothing touches a network: PTB's request layer is replaced by ``StubRequest``,
which answers every Bot API call at once and counts them. Each simulated user
sends /start and /practice, presses a scenario's (signed) button, and types
ten practice texts; users take turns, as they would. The texts are measured:
wall time per text, CPU time per text beside a bare PTB echo application fed
the same texts, Bot API calls and SQL statements per text, and peak memory.
Then the same on a database that already holds many users and turns.
"""

from __future__ import annotations

import asyncio
import resource
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, MessageHandler, filters

from ..content.flows import Flows
from ..practice.engine import Engine
from ..store.database import Store
from .app import Settings, build
from .context import App
from .polling import handle_batch
from .stub import StubRequest, button_update, fake_user, text_update

__all__ = ["StubRequest", "fill", "render", "run"]  # StubRequest is the fuzz tests' Bot API too

Handle = Callable[[Update], Awaitable[None]]

TEXTS = (
    "Can you tell me a bit about what's been happening?",
    "It sounds like things have been hard since the fall.",
    "What matters most to you at the moment?",
    "You miss being able to get out on your own.",
    "What would you like to be different?",
    "On a scale of 1 to 10, how confident do you feel about that?",
    "Who else could help you with it?",
    "Would you like me to tell you about what other people have tried?",
    "I think you should use the frame every time.",
    "So what matters most is getting out again, with a bit of help, and doing it your way. Is that right?",
)


class SqlCounter:
    """Counts the SQL statements a connection runs, and its commits (none at all without a store)."""

    def __init__(self, store: Store | None = None):
        self.statements = 0
        self.commits = 0
        if store is not None:
            store.db.conn.set_trace_callback(self._seen)

    def _seen(self, sql: str) -> None:
        """Count a statement the connection ran, and whether it was a commit."""
        self.statements += 1
        self.commits += sql.strip().upper().startswith("COMMIT")


@dataclass
class Measured:
    """What one practice text cost."""

    wall: float
    cpu: float
    api_calls: int
    sql: int
    commits: int


async def _drive(
    app: Application, updates: list[tuple[bool, dict]], request: StubRequest, sql: SqlCounter, handle: Handle
) -> list[Measured]:
    """Feed updates one by one to ``handle``; what each practice text cost."""
    out = []
    for is_text, data in updates:
        update = Update.de_json(data, app.bot)
        calls, statements, commits = sum(request.calls.values()), sql.statements, sql.commits
        wall, cpu = time.perf_counter(), time.process_time()
        await handle(update)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if is_text:
            api_calls = sum(request.calls.values()) - calls
            used = Measured(
                wall, cpu, api_calls=api_calls, sql=sql.statements - statements, commits=sql.commits - commits
            )
            out.append(used)
    return out


def _script(app: App, users: int, flows: Flows, first: int = 0) -> list[tuple[bool, dict]]:
    """What users ``first``.. send, interleaved: each starts, picks a scenario, then types ten texts."""
    sign = app.bot_data.view.signer.sign
    scenarios = list(flows.scenarios)
    ids = count(first * (3 + len(TEXTS)) + 1)  # update ids never seen before by this database
    steps: list[list[tuple[bool, dict]]] = []
    for n in range(first, first + users):
        user = fake_user(n)
        mine = [
            (False, text_update(next(ids), user, "/start")),
            (False, text_update(next(ids), user, "/practice")),
            (False, button_update(next(ids), user, sign("pick", scenarios[n % len(scenarios)]))),
        ]
        steps.append(mine + [(True, text_update(next(ids), user, text)) for text in TEXTS])
    length = max(len(s) for s in steps)
    return [s[i] for i in range(length) for s in steps if i < len(s)]  # a step of each user in turn


async def _practice(flows: Flows, db: Path, users: int, first: int = 0) -> tuple[list[Measured], dict[str, int]]:
    """The practice bot over ``db``, users ``first``..: what each text cost, and the Bot API calls by method."""
    store = Store(db)
    request = StubRequest()
    # the rate limit is Telegram's business, not the CPU's: set high here so nothing waits
    app = build(Settings(token="123:bench", max_rate=1e9), Engine(flows, store), request=request)
    async with app:
        script = _script(app, users, flows, first)
        # through the polling path, as a running bot handles them: the ledger of handled updates included
        measured = await _drive(
            app, script, request=request, sql=SqlCounter(store), handle=lambda update: handle_batch(app, [update])
        )
    store.db.conn.set_trace_callback(None)
    store.close()
    return measured, dict(request.calls)


async def _echo(users: int) -> list[Measured]:
    """A bare PTB application that echoes each text: the floor any bot pays per message."""
    request = StubRequest()
    app = ApplicationBuilder().token("123:echo").updater(None).request(request).build()

    async def echo(update: Update, context: object) -> None:
        """Send the text straight back."""
        message = update.effective_message
        if message and message.text:
            await message.reply_text(message.text)

    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    ids = count(1)
    updates = [(True, text_update(next(ids), fake_user(n), text)) for text in TEXTS for n in range(users)]
    async with app:
        return await _drive(app, updates, request=request, sql=SqlCounter(), handle=app.process_update)


def fill(db: Path, users: int, turns: int) -> None:
    """A database already holding ``users`` users with a finished session of ``turns`` turns each."""
    store = Store(db)
    conn = store.db.conn
    with store.db.atomic():
        conn.executemany(
            "INSERT INTO sessions (id, user, scenario, started_at, ended_at, active, state, report) "
            "VALUES (?, ?, 'garden_walk', '2026-11-01T09:00:00+00:00', '2026-11-01T09:30:00+00:00', 0, '{}', '{}')",
            ((f"old{n}", f"tg:{90_000 + n}") for n in range(users)),
        )
        conn.executemany(
            "INSERT INTO turns (session_id, turn, text, moves, traps, stage, trust, reply, thought, fact, "
            "created_at, questions, source) VALUES (?, ?, 'What matters most to you?', '[\"open_question\"]', '[]', "
            "1, 3, 'A reply.', 'A thought.', '', '2026-11-01T09:00:00+00:00', '[]', '')",
            ((f"old{n}", t + 1) for n in range(users) for t in range(turns)),
        )
    store.close()


def _figures(texts: list[Measured], echo: list[Measured]) -> dict:
    """Medians, percentiles and ratios for one run."""
    walls = sorted(m.wall for m in texts)
    cpu = statistics.median(m.cpu for m in texts)
    echo_cpu = statistics.median(m.cpu for m in echo)

    def pct(p: float) -> float:
        """The ``p`` quantile of the wall times, in milliseconds."""
        return round(walls[min(len(walls) - 1, int(p * len(walls)))] * 1000, 2)

    return {
        "texts": len(texts),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "texts_per_second_one_core": round(len(texts) / sum(m.cpu for m in texts)),
        "cpu_ms_per_text": round(cpu * 1000, 3),
        "echo_cpu_ms_per_text": round(echo_cpu * 1000, 3),
        "cpu_ratio_to_echo": round(cpu / echo_cpu, 1),
        "api_calls_per_text": round(statistics.mean(m.api_calls for m in texts), 2),
        "sql_per_text": round(statistics.mean(m.sql for m in texts), 1),
        "commits_per_text": round(statistics.mean(m.commits for m in texts), 2),
    }


def run(flows: Flows, users: int = 50, big_users: int = 10_000, big_turns: int = 20, rounds: int = 3) -> dict:
    """Every figure, as one JSON-ready object.

    The echo bot, the practice bot on an empty database and on the big one take turns, ``rounds``
    times, and each one's texts are pooled: on a noisy machine a slow spell then falls on all three
    rather than on one. Each round in the big database brings new users.
    """
    echo: list[Measured] = []
    fresh: list[Measured] = []
    loaded: list[Measured] = []
    with tempfile.TemporaryDirectory() as folder:
        full = Path(folder) / "full.db"
        fill(full, big_users, big_turns)
        for number in range(rounds):
            echo += asyncio.run(_echo(users))
            measured, by_method = asyncio.run(_practice(flows, Path(folder) / f"empty{number}.db", users))
            fresh += measured
            loaded += asyncio.run(_practice(flows, full, users, first=number * users))[0]
    return {
        "users": users,
        "texts_each": len(TEXTS),
        "rounds": rounds,
        "empty_database": _figures(fresh, echo),
        f"with_{big_users}_users_and_{big_turns}_turns_each": _figures(loaded, echo),
        "api_calls_by_method": by_method,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def render(figures: dict) -> str:
    """The figures as a short table, one column per database."""
    runs = [k for k in figures if k.startswith(("empty_", "with_"))]
    titles = [name.replace("_", " ") for name in runs]
    rows = list(figures[runs[0]])
    width, column = max(map(len, rows)) + 2, max(map(len, titles)) + 2
    lines = [
        f"{figures['users']} users, {figures['texts_each']} practice texts each, {figures['rounds']} rounds; "
        "Bot API stubbed",
        "",
        f"{'':<{width}}" + "".join(f"{title:>{column}}" for title in titles),
    ]
    lines += [f"{row:<{width}}" + "".join(f"{figures[name][row]!s:>{column}}" for name in runs) for row in rows]
    lines += ["", f"Bot API calls by method: {figures['api_calls_by_method']}"]
    lines.append(f"peak RSS: {figures['peak_rss_mb']} MB")
    return "\n".join(lines)
