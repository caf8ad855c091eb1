"""The practice state machine: stages, going back, ending, and save/restore."""

from __future__ import annotations

from outcomes_bot.practice.machine import PracticeMachine, Session
from outcomes_bot.store.database import Store


def new_session(flows) -> tuple[PracticeMachine, Session]:
    """A machine and a brand-new session on it."""
    machine = PracticeMachine(flows.practice)
    return machine, Session(id="s1", user="u1", scenario="bedtime_story", state=flows.practice.initial, trust=3)


def test_asking_to_share_information_is_stage_four_from_the_start(flows):
    machine, session = new_session(flows)
    machine.fire(session, ["exchange"])
    assert session.state == "stage_4" and session.reached == [4]


def test_the_five_stages_in_order(flows):
    machine, session = new_session(flows)
    seen = [machine.stage_number(session)]
    for act in ["engage", "listen", "explore", "exchange", "summarise"]:
        machine.fire(session, [act])
        seen.append(machine.stage_number(session))
    assert seen == [1, 1, 2, 3, 4, 5]
    assert session.reached == [1, 2, 3, 4, 5]
    assert session.state == "stage_5"


def test_summary_in_stage_five_ends_the_session(flows):
    machine, session = new_session(flows)
    machine.fire(session, ["listen", "explore", "summarise", "summarise"])
    assert session.state == flows.practice.final
    assert machine.stage_number(session) == 5


def test_going_back_a_stage_is_allowed_and_recorded(flows):
    machine, session = new_session(flows)
    machine.fire(session, ["engage", "listen", "explore", "exchange"])
    assert session.state == "stage_4"
    machine.fire(session, ["listen"])  # reflecting again: back to active listening
    assert session.state == "stage_2"
    assert session.reached == [1, 2, 3, 4]
    machine.fire(session, ["engage"])  # an open question after listening explores
    assert session.state == "stage_3"


def test_summary_before_exploring_is_still_active_listening(flows):
    machine, session = new_session(flows)
    machine.fire(session, ["listen", "summarise"])
    assert session.state == "stage_2"
    machine.fire(session, ["explore", "listen", "summarise"])  # explored, so now it summarises
    assert session.state == "stage_5"


def test_acts_with_no_transition_change_nothing(flows):
    machine, session = new_session(flows)
    machine.fire(session, ["ask", "none", "summarise", "no_such_act"])
    assert session.state == "stage_1"
    assert session.reached == []


def test_stage_one_is_reached_by_an_engaging_question_not_by_arriving(flows):
    machine, session = new_session(flows)
    assert session.reached == []
    machine.fire(session, ["engage"])
    assert session.state == "stage_1" and session.reached == [1]


def test_end_from_any_stage(flows):
    machine, session = new_session(flows)
    machine.fire(session, ["listen", "end"])
    assert session.state == "ended"
    machine.fire(session, ["listen"])  # nothing moves an ended session
    assert session.state == "ended"


def test_the_machine_leaves_nothing_on_the_session(flows):
    machine, session = new_session(flows)
    machine.fire(session, ["listen"])
    assert not hasattr(session, "listen")
    assert set(vars(session)) == set(Session.__dataclass_fields__)


def test_save_and_restore_exactly_through_a_real_file(flows, tmp_path):
    machine, session = new_session(flows)
    machine.fire(session, ["listen", "explore", "exchange", "listen"])
    session.trust, session.turn = 7, 4
    session.used += ["stage_2.reflect:1", "any.scaling:0"]
    session.revealed.append("rhys")
    session.recent = [["reflection"], ["open_question", "strengths_question"]]
    path = tmp_path / "state.db"
    store = Store(path)
    store.start_session(session)
    store.close()
    restored = Store(path).active_session("u1")
    assert restored == session
    assert restored.to_dict() == session.to_dict()
    machine.fire(restored, ["engage"])  # and it carries on from the same stage
    assert restored.state == "stage_3"
