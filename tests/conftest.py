"""Shared fixtures: the shipped flows, engines over real SQLite files, and the bot against the Bot API stand-in."""

from __future__ import annotations

import os

import pytest
from botapi import BotAPI
from botrun import InProcessBot
from hypothesis import settings

from outcomes_bot.content.flows import Flows, default_flows
from outcomes_bot.practice.engine import Engine
from outcomes_bot.store.database import Store

# CI runs the fuzz tests on a fixed sequence of examples (HYPOTHESIS_PROFILE=ci in .ci/run), so a landing never
# depends on luck; a developer's run explores new examples each time, and a failure found there becomes an @example.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def flows() -> Flows:
    """The shipped flows, validated once."""
    return default_flows()


@pytest.fixture
def store(tmp_path) -> Store:
    """A store on a fresh SQLite file."""
    store = Store(tmp_path / "outcomes.db")
    yield store
    store.close()


@pytest.fixture
def engine(flows, store) -> Engine:
    """An engine over the shipped flows and a fresh store."""
    return Engine(flows, store)


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    """Commands that open the default database use a temporary one."""
    monkeypatch.setenv("OUTCOMES_DB", str(tmp_path / "cli.db"))


@pytest.fixture
def api():
    """A fresh Bot API stand-in on 127.0.0.1 (a test file with its own people or admins defines its own)."""
    with BotAPI() as stand_in:
        yield stand_in


@pytest.fixture
def bot(api, tmp_path):
    """The bot, polling the stand-in, over a fresh SQLite file (``tmp_path / "bot.db"``)."""
    with InProcessBot(api, tmp_path / "bot.db") as running:
        yield running
