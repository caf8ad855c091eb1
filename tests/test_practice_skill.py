"""The practice partner rewards only real skill, and its feedback fits the moment (issue 12).

Each check replays lines through ``outcomes-bot practice --json`` in every scenario, or drives the engine,
as a worker would.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from outcomes_bot.cli import cli
from outcomes_bot.coach.classifier import classify
from outcomes_bot.content.flows import default_flows

SCENARIOS = sorted(default_flows().scenarios)
USER = "worker-skill"

NEUTRAL_CHAT = [
    "Morning! Right, I'm here.",
    "Grim weather for it today, the roads are like glass.",
    "I'll pop your post on the side by the kettle.",
    "Thank you.",
    "Ok, see you tomorrow.",
]
ENCOURAGERS = ["Go on.", "Mm.", "I see.", "Go on.", "Mm.", "Right.", "Go on.", "Mm, I see."]


def replay(scenario: str, lines: list[str]) -> tuple[str, dict]:
    """Pipe lines into 'practice --json'; the output and the report."""
    result = CliRunner().invoke(cli, ["practice", "--scenario", scenario, "--json"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    return result.output, json.loads(result.output.strip().splitlines()[-1])


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_neutral_chat_alone_reaches_no_stage_and_earns_nothing(scenario):
    output, report = replay(scenario, NEUTRAL_CHAT)
    assert report["stages_reached"] == []
    assert report["moves"]["reflection"] == 0 and report["traps"] == []
    start = default_flows().scenarios[scenario].start_trust
    assert report["trust"] == start  # neither earned nor lost
    assert "/end" in output  # after the goodbye the coach says how to finish


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_encouragers_alone_do_not_open_a_person_up(scenario):
    _, report = replay(scenario, ENCOURAGERS)
    assert len(report["facts_found"]) <= 1
    assert report["trust"] < 8
    assert report["stages_reached"] == []


def test_one_or_two_encouragers_do_keep_the_person_talking(engine):
    engine.start(USER, "garden_walk")
    before = engine.active(USER).trust
    replies = engine.say(USER, "Go on.")
    assert engine.active(USER).trust == before + 1
    assert next(r for r in replies if r.kind == "persona").text  # they carry on


def check_back_summary(flows, scenario_id: str) -> list[str]:
    """An exploring conversation, then a summary in the worker's own words that checks back."""
    return [
        "Can you tell me a bit more about what's been happening for you?",
        "It sounds like things have been really hard lately.",
        "What would you most like to be different?",
        "What matters most to you in all this?",
        "So what I'm hearing is that you've had a hard few months, and you'd like more say in your own days. "
        "Have I got that right?",
    ]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_check_back_summary_after_exploring_reaches_stage_5(flows, scenario):
    _, report = replay(scenario, check_back_summary(flows, scenario))
    assert 5 in report["stages_reached"]
    assert report["moves"]["summary"] >= 1


def test_scaling_question_explores_and_what_matters_summary_sums_up(engine):
    engine.start(USER, "garden_walk")
    engine.say(USER, "On a scale of 1 to 10, how ready do you feel to get out in the garden again?")
    assert engine.machine.stage_number(engine.active(USER)) == 3
    engine.say(USER, "What matters most is getting down to the bench on your own, with a cup of tea.")
    assert engine.machine.stage_number(engine.active(USER)) == 5


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_report_names_only_strengths_the_worker_said(flows, scenario):
    lines = [
        "Can you tell me a bit more about what's been happening for you?",
        "It sounds like you've had a rough few months.",
        "You're a fighter, you've kept going through all of it.",
    ]
    _, report = replay(scenario, lines)
    said = " ".join(lines).lower()
    assert report["strengths_named"], report
    assert all(words.lower() in said for words in report["strengths_named"])


def test_question_counts_agree_between_what_you_did_and_the_figures(flows):
    lines = ["What matters to you?", "How are your days?", "Do you sleep well?", "What helps you most?"]
    output, report = replay("garden_walk", lines)
    assert report["moves"]["open_question"] == report["questions"]["open"] == 3
    assert report["moves"]["closed_question"] == report["questions"]["closed"] == 1


def test_a_trap_is_explained_in_full_once_then_briefly(engine, flows):
    engine.start(USER, "haircut")
    first = next(r for r in engine.say(USER, "You need to get out more, Huw.") if r.kind == "coach")
    again = next(r for r in engine.say(USER, "You need to see the doctor about it.") if r.kind == "coach")
    definition = flows.coach.traps[first.data["trap"]].definition
    assert definition in first.text and definition not in again.text
    assert len(again.text.splitlines()) <= 2  # short on a phone


def test_the_better_way_is_built_from_the_workers_own_words(engine):
    engine.start(USER, "drinking_daughter")
    coach = next(r for r in engine.say(USER, "You should let your daughter help.") if r.kind == "coach")
    assert "What do you think about your daughter helping?" in coach.text


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_better_way_fits_the_moment(flows, scenario):
    """Early in a conversation, only a better way that uses nothing the person has not said yet."""
    from outcomes_bot.coach.feedback import better_way

    sc = flows.scenarios[scenario]
    for trap in sc.traps:
        early = better_way(sc, trap, 1, [], "", flows.rules)
        assert early in [b.text for b in sc.traps[trap].better if not b.after and (not b.stages or 1 in b.stages)]


def test_repair_is_a_move_and_trust_recovers(engine, flows):
    engine.start(USER, "garden_walk")
    engine.say(USER, "I've already decided you're having a stairlift.")
    low = engine.active(USER).trust
    replies = engine.say(USER, "Sorry, I jumped in there. What do you think?")
    assert "repair" in classify("Sorry, I jumped in there. What do you think?", rules=flows.rules).move_ids
    assert engine.active(USER).trust > low
    assert not [r for r in replies if r.kind == "coach"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_welsh_greeting_is_answered_in_kind_with_a_kind_note(flows, scenario):
    output, report = replay(scenario, ["Bore da, sut dach chi?"])
    sc = flows.scenarios[scenario]
    welsh = sc.replies["any"]["welsh"]
    assert any(line in output for line in welsh)
    assert flows.messages.texts["welsh_note"].split(",")[0] in output
    assert report["traps"] == [] and report["stages_reached"] == []
