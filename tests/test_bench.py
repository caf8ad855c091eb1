"""The Telegram benchmark runs, and what one practice text costs in calls, statements and commits holds.

Counts, never times: CI machines are noisy, so speed is reported by `outcomes-bot bench`, not tested.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from outcomes_bot.cli import cli
from outcomes_bot.telegram_bot import bench


def test_one_practice_text_costs_one_send_one_commit_and_few_statements(flows):
    figures = bench.run(flows, users=3, big_users=40, big_turns=3, rounds=2)
    for name in ("empty_database", "with_40_users_and_3_turns_each"):
        run = figures[name]
        assert run["texts"] == 2 * 3 * len(bench.TEXTS)  # both rounds, in the big database with new users
        assert run["api_calls_per_text"] == 1  # the person, the coach and the progress line in one message
        assert run["commits_per_text"] == 1  # the turn, the state and the ledger together
        assert 6 <= run["sql_per_text"] <= 10  # each text read, coached and written, none skipped as seen
    assert "sendChatAction" not in figures["api_calls_by_method"]
    assert figures["api_calls_by_method"]["answerCallbackQuery"] == 3  # each user's scenario button (last round)


def test_the_benchmark_fills_a_big_database_with_finished_sessions(tmp_path):
    from outcomes_bot.store.database import Store

    bench.fill(tmp_path / "big.db", users=30, turns=4)
    store = Store(tmp_path / "big.db")
    assert store.db["sessions"].count == 30 and store.db["turns"].count == 120
    assert store.active_session("tg:90000") is None  # finished, so a new user's session is the only active one
    store.close()


def test_bench_telegram_prints_one_json_object():
    result = CliRunner().invoke(cli, ["bench", "telegram", "--users", "2", "--big", "10", "--rounds", "1", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["users"] == 2 and figures["empty_database"]["texts"] == 20
    assert figures["empty_database"]["cpu_ratio_to_echo"] > 0 and figures["peak_rss_mb"] > 0
