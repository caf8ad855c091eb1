"""The positive-risk conversation's engine, its flow file's checks, the card sets and ``outcomes-bot risk``.

Each rule of ``learn/risk.py`` and ``checks_learn_risk.py`` has a test here that fails without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from flowcopy import broken_copy
from messages import text

from outcomes_bot.cli import cli
from outcomes_bot.content.checks_learn_risk import check_risk
from outcomes_bot.content.checks_team import check_supervision, check_teabrief
from outcomes_bot.content.flows import check_file
from outcomes_bot.content.schema_learn_risk import RiskFlow
from outcomes_bot.content.schema_team import SupervisionFlow, TeaBriefFlow
from outcomes_bot.learn.risk import PENDING, RiskTalk, judge, render_risk
from outcomes_bot.learn.stepper import ANSWER_CHARS, RECORD_CHARS
from outcomes_bot.learn.strengths_talk import StrengthsTalk
from outcomes_bot.store.database import Store
from outcomes_bot.team.reflections import MAX_CHARS, Reflections

USER = "tg:7"
FULL = {  # every step answered, led by the person, nothing defensive
    "wants": "A haircut at the barber's he has used for thirty years",
    "why": "He'd feel like himself again, and see the lads there",
    "doing_emotional": "Nervous on the way, proud after",
    "doing_psychological": "Could knock his confidence if he has a turn",
    "doing_physical": "A fall on the kerb outside",
    "doing_social": "None, it's all good for him socially",
    "not_doing_emotional": "Feeling low and shut in",
    "not_doing_psychological": "Losing the things that make him tick",
    "not_doing_physical": "Stiffer from sitting in all day",
    "not_doing_social": "Isolated from the men he's known for years",
    "their_view": "He says it's his risk to take, and he'd rather go than sit in",
    "strengths": "He knows the route, his neighbour walks that way, there's a bench halfway",
    "involved": "His daughter, with his agreement, and the neighbour",
    "decision": "D decided to go on Friday morning; I'll walk with him the first time",
}


def said(flows, key: str, **values: object) -> str:
    """One of the conversation's own messages, as the engine renders it."""
    return render_risk(flows.risk, key, **values)


def missing(flows, test_id: str, part: str, **values: object) -> str:
    """A test's 'what is missing' wording for one part, filled in."""
    test = next(t for t in flows.risk.tests if t.id == test_id)
    return test.missing[part].format(**values)


# --- the three tests, judged from the answers -------------------------------------------------


def test_a_whole_record_led_by_the_person_passes_all_three_tests(flows):
    verdicts = judge(flows.risk, FULL, "D")
    assert [(v.test, v.met, v.missing) for v in verdicts] == [
        ("balanced", True, ()),
        ("defensible", True, ()),
        ("collaborative", True, ()),
    ]


def test_balanced_names_the_benefits_and_each_impact_not_weighed_up(flows):
    answers = {k: v for k, v in FULL.items() if k not in ("why", "not_doing_psychological", "not_doing_social")}
    balanced = judge(flows.risk, answers, "D")[0]
    assert not balanced.met
    assert balanced.missing == (
        missing(flows, "balanced", "why", person="D"),
        missing(flows, "balanced", "not_doing", impacts="psychological, social"),
    )


def test_an_impact_answered_none_is_weighed_up_but_strengths_answered_none_are_missing(flows):
    answers = {**FULL, "doing_social": "none", "strengths": "None.", "involved": "nobody"}
    balanced, _, collaborative = judge(flows.risk, answers, "D")
    assert balanced.met  # 'none' is a risk weighed up
    assert collaborative.missing == (
        missing(flows, "collaborative", "strengths"),
        missing(flows, "collaborative", "involved", person="D"),
    )


def test_defensible_needs_what_they_want_their_own_view_and_the_decision(flows):
    answers = {k: v for k, v in FULL.items() if k not in ("their_view", "decision")}
    answers["wants"] = "not sure"
    defensible = judge(flows.risk, answers, "D")[1]
    assert defensible.missing == (
        missing(flows, "defensible", "wants", person="D"),
        missing(flows, "defensible", "their_view", person="D"),
        missing(flows, "defensible", "decision", person="D"),
    )


def test_defensive_wording_is_named_as_what_stops_it_being_defensible(flows):
    answers = {**FULL, "decision": "He stays in, Just in case he falls and we get the blame"}
    defensible = judge(flows.risk, answers, "D")[1]
    test = flows.risk.tests[1]
    assert defensible.missing == (test.defensive.format(phrase="just in case", person="D"),)
    answers["decision"] = "He goes; we'll talk it over after"  # 'just' alone, 'case' alone: not defensive
    assert judge(flows.risk, answers, "D")[1].met


# --- the conversation over the store -------------------------------------------------------------


def talk_to_the_end(talk: RiskTalk, answers: dict[str, str], person: str = "D") -> list:
    """Start, name the person, and answer every step (a missing answer is skipped); the last replies."""
    talk.start(USER)
    replies = talk.answer(USER, person, talk.store.pending(USER)[1])
    for step in talk.flows.risk.steps:
        state = talk.store.pending(USER)[1]
        if step.id in answers:
            replies = talk.answer(USER, answers[step.id], state)
        else:
            replies = talk.move(USER, "skip", state["step"], state["nonce"])
    return replies


def test_the_record_is_kept_as_a_private_reflection_with_the_tests_in_mydata_and_gone_after_forget(flows, store):
    talk = RiskTalk(flows, store)
    replies = talk_to_the_end(talk, {k: v for k, v in FULL.items() if k != "involved"})
    record = replies[0].text
    assert record.startswith(said(flows, "record_title", person="D"))
    assert FULL["wants"] in record and said(flows, "test_missing", name="Collaborative") in record
    assert replies[0].data["risk"]["collaborative"] == [missing(flows, "collaborative", "involved", person="D")]
    assert replies[1].text == text("reflect_saved_no_team")
    kept = store.reflections_of(USER, -1)
    assert [(r["kind"], r["ref"], r["text"], r["shared_with"]) for r in kept] == [("risk", "D", record, [])]
    assert store.pending(USER) is None
    assert store.user_data(USER)["reflections"][0]["text"] == record
    store.forget(USER)
    assert store.reflections_of(USER, -1) == []


def test_the_principle_of_the_first_test_not_met_is_offered_as_a_card(flows, store):
    replies = talk_to_the_end(RiskTalk(flows, store), {k: v for k, v in FULL.items() if k != "their_view"})
    (offer,) = replies[0].buttons[0]
    assert (offer.action, offer.arg) == ("cards", "principles.0")  # defensible: principle 1
    assert offer.label == said(flows, "btn_principle", number=1)


def test_a_full_name_for_the_person_is_refused_and_nothing_moves_on(flows, store):
    talk = RiskTalk(flows, store)
    talk.start(USER)
    assert talk.answer(USER, "Dai Jones", store.pending(USER)[1])[0].text == said(flows, "name_too_much")
    assert store.pending(USER)[1]["step"] == -1


def test_an_answer_that_identifies_someone_is_warned_about_and_kept_only_as_chosen(flows, store):
    talk = RiskTalk(flows, store)
    talk.start(USER)
    talk.answer(USER, "D", store.pending(USER)[1])
    warning = talk.answer(USER, "To walk to 14 Station Road to see Mrs Evans", store.pending(USER)[1])[0]
    assert warning.text.startswith(said(flows, "pii_warning", kinds="").split("(")[0])
    assert "[address]" in warning.text and "[name]" in warning.text
    state = store.pending(USER)[1]
    assert talk.answer(USER, "something else", state)[0].text == said(flows, "choose_first")
    assert talk.move(USER, "mask", state["step"], "forged")[0].text == text("out_of_date")
    talk.move(USER, "mask", state["step"], state["nonce"])
    kept = store.pending(USER)[1]["answers"]["wants"]
    assert "Station Road" not in kept and "Evans" not in kept and "[address]" in kept
    # 'type it again' keeps nothing of it
    draft = talk.answer(USER, "Ring 07700 900123 first", store.pending(USER)[1])
    assert draft[0].buttons
    state = store.pending(USER)[1]
    assert talk.move(USER, "retype", state["step"], state["nonce"])[0].text == said(flows, "retype")
    assert "why" not in store.pending(USER)[1]["answers"]


def test_progress_survives_a_restart_and_stop_keeps_nothing(flows, tmp_path):
    path = tmp_path / "restart.db"
    first = Store(path)
    talk = RiskTalk(flows, first)
    talk.start(USER)
    talk.answer(USER, "D", first.pending(USER)[1])
    talk.answer(USER, FULL["wants"], first.pending(USER)[1])
    first.close()
    again = Store(path)  # a restart: the conversation is where it was
    kind, state = again.pending(USER)
    assert (kind, state["step"], state["answers"]) == (PENDING, 1, {"wants": FULL["wants"]})
    stopped = RiskTalk(flows, again).move(USER, "stop", state["step"], state["nonce"])
    assert stopped[0].text == said(flows, "stopped")
    assert again.pending(USER) is None and again.reflections_of(USER, -1) == []
    again.close()


def test_forged_and_stale_buttons_change_nothing(flows, store):
    talk = RiskTalk(flows, store)
    assert talk.press(USER, "explode.1.abc") is None and talk.press(USER, "skip.x.abc") is None
    assert talk.press(USER, "skip.1.abc")[0].text == text("out_of_date")  # no conversation at all
    talk.start(USER)
    talk.answer(USER, "D", store.pending(USER)[1])
    state = store.pending(USER)[1]
    assert talk.press(USER, f"skip.5.{state['nonce']}")[0].text == text("out_of_date")  # not the question asked
    assert talk.press(USER, f"keep.1.{state['nonce']}")[0].text == text("out_of_date")  # no draft to keep
    assert store.pending(USER)[1]["step"] == 0
    assert talk.answer(USER, "   ", state)[0].text == said(flows, "empty")
    assert talk.answer(USER, "x" * 5000, state)[0].text == said(flows, "too_long", length=5000, limit=ANSWER_CHARS)


# --- card sets ------------------------------------------------------------------------------------


def test_the_twelve_principles_and_the_six_senses_are_card_sets(flows, store):
    notes = Reflections(flows, store)
    principles, senses = notes.deck("principles"), notes.deck("senses")
    assert [f.id for f in principles] == [f"principle_{n}" for n in range(1, 13)]
    assert flows.risk.principles[0].text in principles[0].situation
    assert principles[4].question == flows.risk.principles[4].prompt
    assert len(senses) == 18 and senses[0].id == "sense_security_person"
    belonging = {f.id: f.situation for f in senses if "belonging" in f.id}
    assert "feel they belong to a team" in belonging["sense_belonging_worker"]
    assert "not in this alone" in belonging["sense_belonging_family"]
    card = notes.card(USER, 11, "principles")[0]
    assert flows.risk.principles[11].text in card.text
    assert [(b.action, b.arg) for b in card.buttons[0]] == [("card", "principle_12"), ("cards", "principles.0")]
    assert notes.card(USER, None, "tarot")[0].text == text("card_unknown_deck", decks="principles, senses")
    notes.begin_card(USER, "sense_purpose_family")
    assert store.pending(USER) == ("reflection", {"kind": "card", "ref": "sense_purpose_family", "prompt_id": None})
    assert notes.begin_card(USER, "sense_nothing_here")[0].text == text("bad_button")


# --- the flow files' checks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("impacts: [emotional, psychological, physical, social]", "impacts: [emotional, physical, social]", "impacts"),
        ("    impact: social\n    title: Risk of not doing it (social)", "    impact: physical\n    title: X", "asks"),
        ("  - id: wants\n    part: wants", "  - id: wants\n    part: why", "no step for part 'wants'"),
        ("  - id: balanced\n", "  - id: balanced_ish\n", "tests are"),
        ('      why: "the benefits', '      whyy: "the benefits', "whyy"),
        ("  - number: 12\n", "  - number: 11\n", "principle 12 has another number"),
        ("What has {person} decided,", "What has {persn} decided,", "{persn}"),
        ('blank_answers: ["-", "?",', 'blank_answers: ["-", "-",', "listed twice"),
        ('defensive_phrases: ["just in case"', 'defensive_phrases: ["Just in case"', "capitals"),
        ('    defensive: "words', '    defensive_not: "words', "defensive"),
    ],
)
def test_a_broken_risk_flow_is_refused_with_its_line(tmp_path, old, new, message):
    flow, _, errors = check_file(broken_copy(tmp_path, "risk.yaml", old, new), RiskFlow, check_risk)
    assert flow is None and any(message in f"{e.key} {e.message}" for e in errors), errors


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("senses: [security, continuity, belonging,", "senses: [security, belonging,", "six senses"),
        ("    - id: family\n      card:", "    - id: worker\n      card:", "not the person, the family"),
        ("what gives them a sense of {sense} now", "what gives them a sense of {sence} now", "{sence}"),
        ("    purpose:\n      person:", "    purpos:\n      person:", "unknown sense"),
    ],
)
def test_a_broken_senses_card_set_is_refused(tmp_path, old, new, message):
    path = broken_copy(tmp_path, "supervision.yaml", old, new)
    flow, _, errors = check_file(path, SupervisionFlow, check_supervision)
    assert flow is None and any(message in e.message for e in errors), errors


def test_the_tea_brief_senses_question_must_have_its_own_part(tmp_path):
    path = broken_copy(tmp_path, "teabrief.yaml", "  id: senses\n  part: senses", "  id: senses\n  part: themes")
    flow, _, errors = check_file(path, TeaBriefFlow, check_teabrief)
    assert flow is None and any("senses question" in e.message for e in errors)
    path = broken_copy(tmp_path, "teabrief.yaml", "  id: senses\n  part: senses", "  id: hard\n  part: senses")
    assert any("duplicate id 'hard'" in e.message for e in check_file(path, TeaBriefFlow, check_teabrief)[2])


# --- outcomes-bot risk -----------------------------------------------------------------------------


def piped(answers: dict[str, str], flows) -> str:
    """The lines a pipe gives: the person, then each step's answer (an empty line where none)."""
    return "\n".join(["D"] + [answers.get(s.id, "") for s in flows.risk.steps]) + "\n"


def test_the_cli_prints_the_record_and_keeps_nothing_unless_asked(flows):
    answers = {**FULL, "strengths": "Her neighbour Mrs Evans at 14 Station Road"}
    result = CliRunner().invoke(cli, ["risk"], input=piped(answers, flows))
    assert result.exit_code == 0, result.output
    assert said(flows, "record_title", person="D") in result.output
    assert said(flows, "terminal_pii_masked") in result.output and "Station Road" not in result.output
    assert said(flows, "test_met", name="Balanced", met=flows.risk.tests[0].met.format(person="D")) in result.output
    assert said(flows, "not_kept") in result.output
    assert text("reflect_none") in CliRunner().invoke(cli, ["reflect", "--list"]).output
    kept = CliRunner().invoke(cli, ["risk", "--keep"], input=piped(answers, flows))
    assert text("reflect_saved_no_team") in kept.output
    listed = CliRunner().invoke(cli, ["reflect", "--list"]).output
    assert said(flows, "record_title", person="D") in listed and "Evans" not in listed


def test_the_cli_at_the_end_of_input_records_what_was_answered_and_stop_keeps_nothing(flows):
    result = CliRunner().invoke(cli, ["risk", "--keep"], input="D\nA haircut\n")
    assert said(flows, "test_missing", name="Balanced") in result.output
    assert missing(flows, "balanced", "why", person="D") in result.output
    stopped = CliRunner().invoke(cli, ["risk", "--keep"], input="D\n/stop\n")
    assert said(flows, "stopped") in stopped.output


def test_shipped_flows_are_the_guides(flows):
    """The twelve principles and the three tests' definitions are the guide's own words."""
    guide = Path(__file__).resolve().parents[2] / "shared/resource/outcomes-approach-domiciliary-care.txt"
    if not guide.exists():  # the guide lives beside the repository, not in it
        pytest.skip("the guide is not beside this checkout")
    words = " ".join(guide.read_text(encoding="utf-8").split())
    for principle in flows.risk.principles:
        assert principle.text in words, principle.number
    for test in flows.risk.tests:
        assert test.guide in words, test.id


# --- lengths ------------------------------------------------------------------------------------


def step_now(store) -> int | None:
    """The step a conversation is at, or None once it is over."""
    pending = store.pending(USER)
    return pending[1]["step"] if pending else None


@pytest.mark.parametrize("talk_class", [RiskTalk, StrengthsTalk])
def test_a_decision_record_or_map_keeps_within_a_reflections_length(flows, store, talk_class):
    """Reviewer's finding: 14 answers of up to 4096 characters were kept as a 55,000-character record.

    Each answer keeps to ANSWER_CHARS, and the whole record to RECORD_CHARS (a reflection's limit,
    one Telegram message): an answer that would take it over is refused, saying how much room is left.
    """
    talk = talk_class(flows, store)
    talk.start(USER)
    talk.answer(USER, "D", store.pending(USER)[1])
    huge = "x" * (MAX_CHARS + 1)
    assert talk.answer(USER, huge, store.pending(USER)[1])[0].text == talk.say(
        "too_long", length=len(huge), limit=ANSWER_CHARS
    )
    full = ("D walks to the shop on her own; " * 40)[:ANSWER_CHARS].strip()
    refused = []
    while (pending := store.pending(USER)) is not None and pending[1]["step"] < len(talk.step_ids()):
        state, step = pending[1], pending[1]["step"]
        said_ = talk.answer(USER, full, state)[0].text
        if step_now(store) == step:  # refused: room for what fits
            room = [n for n in range(ANSWER_CHARS) if said_ == talk.say(
                "record_too_long", length=len(full), limit=n, total=RECORD_CHARS)]  # fmt: skip
            assert len(room) == 1, said_
            refused.append(room[0])
            if room[0]:
                talk.answer(USER, full[: room[0]], state)
                assert step_now(store) != step, "what fits is taken"
            else:
                talk.move(USER, "skip", state["step"], state["nonce"])
    if store.pending(USER) is not None:  # a strengths map waits for keep or not
        state = store.pending(USER)[1]
        talk.move(USER, "save", state["step"], state["nonce"])
    kept = store.reflections_of(USER, -1)[0]["text"]
    assert refused and RECORD_CHARS - 200 < len(kept) <= RECORD_CHARS, (refused, len(kept))
    assert store.pending(USER) is None
