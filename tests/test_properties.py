"""Property test: any sequence of inputs keeps a valid state and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcomes_bot.engine import Engine
from outcomes_bot.store import Store

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
    "/end",
    "/hint",
    "/think",
]
inputs = st.lists(st.one_of(st.sampled_from(PHRASES), st.text(max_size=200)), max_size=25)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), lines=inputs)
def test_any_inputs_keep_a_valid_state(flows, data, lines):
    scenario = data.draw(st.sampled_from(sorted(flows.scenarios)))
    engine = Engine(flows, Store(":memory:"))
    stage_numbers = {s.number for s in flows.practice.stages}
    engine.start("p", scenario)
    for line in lines:
        if line == "/end":
            replies = engine.end("p")
        elif line == "/hint":
            replies = engine.hint("p")
        elif line == "/think":
            replies = engine.thought("p")
        else:
            replies = engine.say("p", line)
        assert replies and all(r.text for r in replies)
        session = engine.active("p")
        if session is None:
            assert any(r.kind in ("report", "note") for r in replies)
            engine.start("p", scenario)
            continue
        assert session.state in {s.id for s in flows.practice.stages}
        assert 0 <= session.trust <= 10
        assert session.reached == sorted(set(session.reached)) and set(session.reached) <= stage_numbers
        assert 1 in session.reached
