"""The engine's journeys: a turn, bad input, the persona, trust and restarts."""

from __future__ import annotations

import pytest
from messages import head

from outcomes_bot.practice.engine import MAX_CHARS, Engine
from outcomes_bot.store.database import Store

USER = "worker-1"


def kinds(replies) -> list[str]:
    return [r.kind for r in replies]


def started(engine: Engine, scenario: str = "bedtime_story") -> list:
    return engine.start(USER, scenario)


def test_start_introduces_the_person_and_the_referral(engine, flows):
    replies = started(engine)
    assert kinds(replies) == ["intro", "persona", "progress"]
    scenario = flows.scenarios["bedtime_story"]
    assert scenario.referral in replies[0].text
    assert scenario.person.about in replies[0].text
    assert replies[1].speaker == "Dai"
    assert replies[2].text == engine.text("progress", number=1, total=5, name="open, engaging questions", trust=3)


def test_unknown_scenario_lists_the_valid_ones(engine, flows):
    replies = engine.start(USER, "nobody")
    assert kinds(replies) == ["note"]
    for scenario_id in flows.scenarios:
        assert scenario_id in replies[0].text


def test_a_turn_is_saved_before_the_reply(engine, store):
    started(engine)
    engine.say(USER, "Can you tell me a bit about what's been happening?")
    session = store.active_session(USER)
    turns = store.turns(session.id)
    assert [t.text for t in turns] == ["Can you tell me a bit about what's been happening?"]
    assert turns[0].moves == ["open_question"]
    assert turns[0].stage == 1 and turns[0].trust == 4


def power_quote(engine: Engine, text: str) -> str:
    from outcomes_bot.coach.classifier import classify

    return next(d.evidence for d in classify(text, rules=engine.flows.rules).traps if d.id == "power")


def test_a_trap_gets_full_feedback_and_lowers_trust(engine, flows):
    started(engine)
    replies = engine.say(USER, "I think you should move to a care home.")
    coach = [r for r in replies if r.kind == "coach"]
    assert {r.data["trap"] for r in coach} == {"expert", "power"}
    power = next(r for r in coach if r.data["trap"] == "power")
    scenario = flows.scenarios["bedtime_story"]
    assert "Power trap" in power.text
    trap = flows.coach.traps["power"]
    assert power.text == engine.text(
        "trap_feedback",
        name=trap.name,
        motto=trap.motto,
        quote=power_quote(engine, "I think you should move to a care home."),
        definition=trap.definition,
        person="Dai",
        why=scenario.traps["power"].why,
        better="What do you think about moving to a care home?",  # from their words
    )
    persona = next(r for r in replies if r.kind == "persona")
    assert persona.text in scenario.traps["power"].reactions  # the most specific trap leads
    assert engine.active(USER).trust == 0  # 3, less 3 for the worse of the two traps (power)


@pytest.mark.parametrize(
    "text,key",
    [
        ("", "empty"),
        ("   \t ", "empty"),
        ("x" * (MAX_CHARS + 1), "too_long"),
        ("😀🙏👍", "no_words"),
        ("你好，你今天怎么样？", "other_script"),
        ("مرحبا كيف حالك", "other_script"),
    ],
)
def test_bad_input_gets_a_kind_note_and_costs_nothing(engine, flows, store, text, key):
    started(engine)
    before = store.active_session(USER)
    replies = engine.say(USER, text)
    assert kinds(replies) == ["note"]
    assert replies[0].text.split("(")[0] == flows.messages.texts[key].split("(")[0]
    assert store.active_session(USER) == before
    assert store.turns(before.id) == []


def test_the_same_message_twice_is_noticed(engine, store):
    started(engine)
    engine.say(USER, "How are you today?")
    replies = engine.say(USER, "  how are   you today? ")
    assert kinds(replies) == ["note"]
    assert len(store.turns(store.active_session(USER).id)) == 1


def test_emoji_with_words_is_fine(engine):
    started(engine)
    replies = engine.say(USER, "Morning Dai 😊 how are you feeling today?")
    assert "persona" in kinds(replies)


def test_nothing_repeats_word_for_word_in_a_session(engine):
    started(engine)
    said = []
    lines = [
        "How are you today?",
        "It sounds like it's been hard.",
        "Is that the post?",
        "Okay.",
        "What would you like to have happen?",
        "Do you want a cup of tea?",
        "Right then.",
    ]
    for i in range(40):
        replies = engine.say(USER, f"{lines[i % len(lines)]} {'.' * (i // len(lines))}")
        said += [r.text for r in replies if r.kind == "persona"]
        if engine.active(USER) is None:
            break
    assert len(said) >= 30
    assert len(said) == len(set(said))


def test_a_fact_needs_trust_and_the_right_question(engine, flows):
    started(engine)
    rhys = next(f for f in flows.scenarios["bedtime_story"].facts if f.id == "rhys")
    replies = engine.say(USER, "Who else could help you?")  # trust 4: not yet
    assert rhys.text not in [r.text for r in replies]
    engine.say(USER, "It sounds like things have been really hard since the stroke.")
    replies = engine.say(USER, "Who else could help you with the stairs?")
    assert rhys.text in [r.text for r in replies]
    assert "rhys" in engine.active(USER).revealed


def test_hint_and_thought(engine, flows):
    assert kinds(engine.hint(USER)) == ["note"]  # no session yet
    started(engine)
    hint = engine.hint(USER)[0]
    assert hint.kind == "hint" and flows.practice.stages[0].example in hint.text
    engine.say(USER, "I think you should move to a care home.")
    thought = engine.thought(USER)[0]
    assert thought.kind == "thought"
    assert flows.scenarios["bedtime_story"].traps["power"].think in thought.text


def test_end_gives_the_report_and_closes_the_session(engine, store):
    started(engine)
    engine.say(USER, "Can you tell me a bit about what's been happening?")
    replies = engine.end(USER)
    assert kinds(replies) == ["note", "report"]
    assert replies[1].data["turns"] == 1
    assert replies[1].data["ended_by"] == "worker"
    assert engine.active(USER) is None
    assert kinds(engine.say(USER, "Hello?")) == ["note"]


def test_the_session_carries_on_after_a_restart(flows, tmp_path):
    path = tmp_path / "restart.db"
    first = Engine(flows, Store(path))
    first.start(USER, "bedtime_story")
    first.say(USER, "Can you tell me a bit about what's been happening?")
    first.say(USER, "It sounds like you feel like a visitor in your own house.")
    before = first.active(USER)
    first.store.close()

    second = Engine(flows, Store(path))  # a new process, as after a restart
    after = second.active(USER)
    assert after == before
    assert after.state == "stage_2" and after.trust == before.trust
    replies = second.say(USER, "What matters most to you?")
    assert second.active(USER).turn == 3
    assert any(r.kind == "progress" and r.text.startswith(head("progress", number=3, total=5)) for r in replies)


def test_two_users_do_not_share_a_session(engine):
    engine.start("a", "bedtime_story")
    engine.start("b", "bedtime_story")
    engine.say("a", "It sounds like it's been a hard few months.")
    assert engine.active("a").turn == 1
    assert engine.active("b").turn == 0


def test_starting_again_replaces_the_open_session(engine, store):
    started(engine)
    first = engine.active(USER).id
    started(engine)
    assert engine.active(USER).id != first
    assert store.session(first) is not None


def test_asking_to_chat_is_engaging_and_offering_information_is_exchange(engine):
    started(engine)
    replies = engine.say(USER, "Would you mind if we had a chat?")
    assert next(r for r in replies if r.kind == "progress").data["stage"] == 1
    replies = engine.say(USER, "Would you like me to give you a bit more information about the physio?")
    assert next(r for r in replies if r.kind == "progress").data["stage"] == 4


def test_a_trap_moves_the_conversation_nowhere(engine):
    started(engine)
    replies = engine.say(USER, "It sounds like you're fed up. But you need to get a stairlift, trust me.")
    assert next(r for r in replies if r.kind == "progress").data["stage"] == 1
    assert engine.active(USER).reached == []


def test_a_session_whose_scenario_has_gone_is_closed_kindly(engine, store, flows):
    started(engine)
    session = store.active_session(USER)
    session.scenario = "retired_scenario"
    store.save_state(session)
    replies = engine.say(USER, "How are you today?")
    assert kinds(replies) == ["note"] and replies[0].text == flows.messages.texts["scenario_gone"]
    assert engine.active(USER) is None


def test_bytes_that_are_not_text_are_replaced_not_fatal(engine, store):
    started(engine)
    engine.say(USER, "How are you \udcff today?")
    assert store.turns(store.active_session(USER).id)[0].text == "How are you ? today?"


def test_a_session_that_ended_before_its_report_was_saved_gets_its_report(engine, store):
    started(engine)
    engine.say(USER, "Can you tell me a bit about what's been happening?")
    session = store.active_session(USER)
    session.state = engine.flows.practice.final  # as if the process died between the two writes
    store.save_state(session)
    replies = engine.say(USER, "Hello?")
    assert kinds(replies) == ["report"] and replies[0].data["turns"] == 1
    assert engine.active(USER) is None


def test_a_message_delivered_twice_is_coached_once_and_answered_again(engine, store):
    engine.start("u-replay", "bedtime_story")
    first = engine.say("u-replay", "How have things been since you came home, Dai?", source="chat:41")
    again = engine.say("u-replay", "How have things been since you came home, Dai?", source="chat:41")
    session = store.active_session("u-replay")
    assert session.turn == 1 and len(store.turns(session.id)) == 1
    assert again[0].kind == "persona" and again[0].text == first[0].text
    assert again[-1].kind == "progress"
    other = engine.say("u-replay", "How have things been since you came home, Dai?", source="chat:42")
    assert other[0].kind == "note"  # a real repeat, from a new message, is still pointed out
