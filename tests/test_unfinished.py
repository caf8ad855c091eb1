"""A half-finished conversation (the person's one pending input) is never thrown away silently.

Replying to a supervisor's prompt in the middle of one leaves it as it was; starting another of a
different kind stops it and says so.
"""

from __future__ import annotations

import pytest
from messages import text

from outcomes_bot.inbox import Inbox
from outcomes_bot.service import UNFINISHED_NAMES
from outcomes_bot.team.teams import Teams

WORKER = "wyn"


@pytest.fixture
def inbox(flows, store, engine):
    """An inbox whose worker is in a team, with a prompt from the supervisor delivered as message '555'."""
    teams = Teams(flows, store, admins=frozenset({"sup"}))
    code = teams.new_team("sup", "Sam", "Valley Care")[0].text.split("the code: ")[1].split()[0]
    teams.join(WORKER, "Wyn", code)
    teams.send_prompt("sup", "What went well today?")
    store.add_delivery(store.db.execute("SELECT id FROM prompts").fetchone()[0], WORKER, "555")
    return Inbox(engine, teams)


def mid_risk(inbox: Inbox) -> dict:
    """The worker is at the second question of /risk; its state."""
    inbox.risk.start(WORKER)
    inbox.receive(WORKER, "AB")
    inbox.receive(WORKER, "AB wants to walk to the shop on her own")
    kind, state = inbox.store.pending(WORKER)
    assert kind == "risk" and state["step"] == 1
    return state


def test_replying_to_a_prompt_mid_risk_talk_keeps_the_talk(inbox, store):
    """Reviewer's finding: the prompt answer was saved and the half-written /risk talk cleared."""
    state = mid_risk(inbox)
    replies = inbox.receive(WORKER, "The walk with AB went well", replying_to="555")
    assert replies[0].text == text("reflect_saved")
    assert replies[-1].text == text("unfinished_open", what=text("unfinished_risk"))
    assert store.pending(WORKER) == ("risk", state), "the half-written /risk talk is gone"
    assert [r["kind"] for r in store.reflections_of(WORKER, -1)] == ["prompt"]
    inbox.receive(WORKER, "She could fall on the kerb")  # the next message carries the talk on
    assert store.pending(WORKER)[1]["answers"][inbox.risk.step_ids()[1]] == "She could fall on the kerb"


@pytest.mark.parametrize("choice", ["keep", "mask", "drop"])
def test_a_prompt_reply_with_identifying_details_mid_risk_talk_keeps_the_talk(inbox, store, choice):
    """Settling the details of the prompt answer (its own pending draft) gives the talk back afterwards."""
    state = mid_risk(inbox)
    replies = inbox.receive(WORKER, "Call Jane Smith on 07700 900123", replying_to="555")
    assert store.pending(WORKER)[0] == "identifiers" and replies[-1].buttons
    nonce = store.pending(WORKER)[1]["nonce"]
    inbox.press(WORKER, "pii", f"{choice}.{nonce}")
    assert store.pending(WORKER) == ("risk", state)
    assert len(store.reflections_of(WORKER, -1)) == (0 if choice == "drop" else 1)


def test_answering_a_reflection_ask_still_ends_it(inbox, store):
    """The reflection ask that a message answers is over once the reflection is kept."""
    inbox.reflections.begin(WORKER)
    assert inbox.receive(WORKER, "I listened well today")[0].text == text("reflect_saved")
    assert store.pending(WORKER) is None


STARTS = {  # a command that starts a pending conversation, and the kind it starts
    "/risk": (lambda inbox: inbox.risk.start(WORKER), "risk"),
    "/strengths new": (lambda inbox: inbox.strengths.begin(WORKER, "new"), "strengths"),
    "/reflect": (lambda inbox: inbox.reflections.begin(WORKER), "reflection"),
    "/record": (lambda inbox: inbox.record.begin(WORKER), "record"),
    "/record NOTE": (lambda inbox: inbox.record.begin(WORKER, "Visited Dai. He chose his lunch."), "record_keep"),
    "/outcome": (lambda inbox: inbox.outcome.begin(WORKER), "outcome"),
    "/prep": (lambda inbox: inbox.prep.start(WORKER), "prep"),
}
NAMES = {"risk": "risk", "strengths": "strengths", "reflection": "reflection", "record": "record",
         "record_keep": "record", "outcome": "outcome", "prep": "prep"}  # fmt: skip


@pytest.mark.parametrize("first", ["/risk", "/strengths new", "/reflect", "/record", "/outcome", "/prep"])
@pytest.mark.parametrize("then", list(STARTS))
def test_starting_another_conversation_says_the_unfinished_one_stopped(inbox, store, first, then):
    """A person has one pending input: a new conversation replaces it, plainly, never silently."""
    start, kind = STARTS[first]
    start(inbox)
    assert store.pending(WORKER)[0] == kind
    begin, new_kind = STARTS[then]
    replies = begin(inbox)
    stopped = text("unfinished_stopped", what=text(f"unfinished_{NAMES[kind]}"))
    if NAMES[kind] == NAMES[new_kind]:  # the same conversation begun again: nothing to say
        assert stopped not in [r.text for r in replies]
    else:
        assert replies[0].text == stopped
    assert store.pending(WORKER)[0] == new_kind


def test_nothing_is_said_when_nothing_was_unfinished(inbox, store):
    notes = {text("unfinished_stopped", what=text(f"unfinished_{name}")) for name in UNFINISHED_NAMES}
    for begin, _ in STARTS.values():
        store.clear_pending(WORKER)
        assert not notes & {r.text for r in begin(inbox)}
