"""Property test: any sequence of inputs keeps a valid state, survives restarts, and never raises."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcomes_bot.content.flows import default_flows
from outcomes_bot.practice.engine import Engine
from outcomes_bot.store.database import Store

PHRASES = [
    "What matters most to you?",
    "It sounds like that's been hard.",
    "Do you take sugar?",
    "I think you should move to a care home.",
    "So, to sum up, you want to get upstairs and you're determined.",
    "Would you like me to give you a bit more information?",
    "On a scale of 1 to 10, where are you now?",
    "What strengths do you have?",
    "Well done.",
    "Yes, but it's not safe.",
    "",
    "😀",
    "bad \udcff bytes",
    "/end",
    "/hint",
    "/think",
    "/restart",
]
any_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=120)
steps = st.lists(st.one_of(st.sampled_from(PHRASES), any_text), max_size=25)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=st.sampled_from(sorted(default_flows().scenarios)), lines=steps)
def test_any_inputs_keep_a_valid_state(flows, scenario, lines):
    stage_ids = {s.id for s in flows.practice.stages}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.db"
        engine = Engine(flows, Store(path))
        engine.start("p", scenario)
        for line in lines:
            if line == "/restart":  # a new process on the same database
                engine.store.close()
                engine = Engine(flows, Store(path))
                continue
            handler = {"/end": engine.end, "/hint": engine.hint, "/think": engine.thought}.get(line)
            replies = handler("p") if handler else engine.say("p", line)
            assert replies and all(r.text for r in replies)
            session = engine.active("p")
            if session is None:
                assert any(r.kind in ("report", "note") for r in replies)
                engine.start("p", scenario)
                continue
            assert session.state in stage_ids
            assert 0 <= session.trust <= 10
            assert session.reached == sorted(set(session.reached))
            assert set(session.reached) <= {s.number for s in flows.practice.stages}
            assert engine.store.active_session("p") == session  # what is saved is what is live
        engine.store.close()
