"""Is it an outcome? The kinds, the qualities, the words that show them, advice in their words, the CLI and the eval."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from flowcopy import broken_copy

from outcomes_bot.cli import cli
from outcomes_bot.content.checks_learn_outcomes import OutcomeRules, check_outcomes
from outcomes_bot.content.flows import check_file, flows_dir
from outcomes_bot.content.schema_learn_outcomes import QUALITIES, OutcomesFlow
from outcomes_bot.learn import outcome_eval
from outcomes_bot.learn.outcome_check import check, read_part, reading_text

OUTCOMES_FILE = flows_dir() / "outcomes.yaml"


@pytest.fixture(scope="module")
def rules() -> OutcomeRules:
    """The shipped outcome rules, checked and compiled."""
    _, compiled, errors = check_file(OUTCOMES_FILE, OutcomesFlow, check_outcomes)
    assert errors == []
    assert compiled is not None
    return compiled


def says(rules: OutcomeRules):
    """The tool's messages."""
    return rules.flow.messages


# --- kinds ---------------------------------------------------------------------

KINDS = [
    # plan language, family voice, the person's voice and professional shorthand
    ("I want to get back to chapel on Sundays so I can sing with my friends", "outcome", "want to"),
    ("Mrs Evans would like to return to chapel on Sundays", "outcome", "would like to"),
    ("To maintain independence", "outcome", "To maintain"),
    ("Mum needs homecare", "need", "needs"),
    ("Dad can't get upstairs to his bed any more", "need", "can't"),
    ("Poor fluid intake, at risk of dehydration", "need", "Poor fluid"),
    ("Has a stairlift", "resource", "Has a stairlift"),
    ("Day centre Mon/Wed/Fri", "resource", "Day centre"),
    ("I do Mam's tablets every night after work", "resource", "I do Mam's"),
    ("Referral made to OT for bathing assessment", "output", "Referral"),
    ("MAR chart signed", "output", "signed"),
    ("The carers put Mam to bed at seven", "output", "carers put"),
]


@pytest.mark.parametrize(("text", "kind", "word"), KINDS)
def test_each_kind_is_read_with_the_words_that_show_it(rules, text, kind, word):
    reading = check(rules, text)
    assert reading.kind == kind
    assert any(word in words for words in reading.evidence["kind"])
    assert all(words in text for words in reading.evidence["kind"])  # as typed


def test_no_phrase_at_all_reads_as_the_default_kind_with_no_words(rules):
    reading = check(rules, "Tuesday afternoon, raining")
    assert reading.kind == rules.flow.settings.default_kind == "need"
    assert reading.evidence["kind"] == []
    assert says(rules).no_evidence in reading_text(rules, reading)


def test_the_first_sentence_with_a_phrase_is_the_one_read(rules):
    text = "Lovely lady. Mrs Jones wants to go to the Legion again. Has a frame."
    assert read_part(rules, text) == "Mrs Jones wants to go to the Legion again"
    assert check(rules, text).kind == "outcome"


def test_only_the_part_before_the_why_counts_when_it_has_a_phrase(rules):
    # "so she can stay at home" would read as an outcome; the statement is a need
    assert read_part(rules, "Mum needs homecare so she can stay at home") == "Mum needs homecare"
    assert check(rules, "Mum needs homecare so she can stay at home").kind == "need"


def test_the_why_counts_when_the_part_before_it_has_no_phrase(rules):
    text = "On Sundays, because I want to see my friends"
    assert read_part(rules, text) == text
    assert check(rules, text).kind == "outcome"


def test_the_heavier_phrases_win(rules):
    # resource "want a ... hearing aid" (strong) + "hearing aid" beats outcome's weak "wants a"
    assert check(rules, "Dad wants a hearing aid that works").kind == "resource"


def test_a_strong_phrase_outweighs_an_earlier_plain_one(rules):
    # need's "needed" (strong, 3) comes after resource's "Carers" (2): by count alone the earlier would win
    assert check(rules, "Carers needed").kind == "need"


def test_an_unless_phrase_cancels_its_kind(rules):
    # output's "girls make" and "personal care" (4) would outweigh "make me feel" (3), which cancels output
    reading = check(rules, "The girls make me feel normal during personal care")
    assert reading.kind == "outcome"
    assert reading.evidence["kind"] == ["make me feel"]


def test_a_phrase_inside_a_longer_one_is_shown_once(rules):
    assert check(rules, "I want to get back to chapel").evidence["kind"] == ["want to get back to"]


def test_a_title_with_a_full_stop_does_not_end_the_sentence(rules):
    assert read_part(rules, "Mr. Jones wants to go to the pub. Has a frame.") == "Mr. Jones wants to go to the pub"


def test_a_bullet_is_not_part_of_the_sentence(rules):
    assert read_part(rules, "- To maintain independence") == "To maintain independence"


def test_a_tie_goes_to_the_kind_found_earliest(rules):
    # resource's "walking frame" (2) and output's "prompted" (2) tie: the earlier wins
    assert check(rules, "Walking frame, prompted").kind == "resource"
    assert check(rules, "Prompted, walking frame").kind == "output"


def test_a_tie_at_the_same_place_goes_by_tie_order(rules, tmp_path):
    # resource's "Carers" and output's "Carers help" both score 2 from the first word
    assert check(rules, "Carers help").kind == "resource"
    old = "tie_order: [outcome, need, resource, output]"
    path = broken_copy(tmp_path, "outcomes.yaml", old, "tie_order: [outcome, need, output, resource]")
    _, reordered, errors = check_file(path, OutcomesFlow, check_outcomes)
    assert errors == [] and reordered is not None
    assert check(reordered, "Carers help").kind == "output"


def test_wanting_to_go_somewhere_is_an_outcome_even_to_a_club(rules):
    assert check(rules, "Dad would like to go to the rugby club for a pint").kind == "outcome"
    assert check(rules, "Goes to the luncheon club on Tuesdays").kind == "resource"


def test_needing_two_carers_is_a_need_not_a_resource(rules):
    assert check(rules, "Needs 2 carers to hoist").kind == "need"


def test_equipment_seen_to_is_an_output(rules):
    assert check(rules, "Commode emptied and cleaned").kind == "output"


def test_needing_a_service_or_equipment_is_a_need_however_much_is_named(rules):
    reading = check(rules, "Nan needs a key safe and double-up calls")
    assert reading.kind == "need"
    assert "needs a key safe" in reading.evidence["kind"]


def test_they_opening_a_sentence_is_the_workers_not_a_name(rules):
    assert check(rules, "They do Dad's eye drops at teatime").kind == "output"


def test_what_a_worker_did_on_a_visit_is_an_output(rules):
    assert check(rules, "The carer helped Nain into the bath").kind == "output"
    assert check(rules, "The care worker made Taid his porridge this morning").kind == "output"


def test_log_shorthand_opening_with_the_task_done_is_an_output(rules):
    assert check(rules, "Escorted to the surgery by a carer").kind == "output"
    assert check(rules, "Provided with a walking frame").kind == "resource"  # what was provided is equipment


def test_people_in_their_network_who_live_near_or_keep_in_touch_are_a_resource(rules):
    assert check(rules, "Her niece lives nearby").kind == "resource"
    assert check(rules, "His grandchildren video call him at weekends").kind == "resource"


def test_the_persons_own_strengths_and_skills_are_a_resource(rules):
    assert check(rules, "I'm really good at puzzles").kind == "resource"
    assert check(rules, "She never gives up, that will help her").kind == "resource"


def test_how_or_when_they_want_support_given_is_a_process_outcome(rules):
    assert check(rules, "I'd like the carers to ring the doorbell before coming in").kind == "outcome"
    assert check(rules, "I want carers to come at a time I choose").kind == "outcome"
    assert check(rules, "I want someone to come and do the ironing").kind == "resource"


# --- qualities ----------------------------------------------------------------


def test_an_outcome_shows_the_qualities_with_their_words(rules):
    reading = check(rules, "I want to get back to chapel so I can sing with my friends. My nephew says he'll drive me.")
    assert set(reading.qualities) == set(QUALITIES)
    assert reading.qualities == {
        "personal": True,
        "realistic": False,
        "achievable": True,
        "meaningful": True,
        "evolving_or_stable": True,
    }
    assert "My nephew says he'll" in reading.evidence["achievable"]
    assert "so" in reading.evidence["meaningful"]
    assert "back" in reading.evidence["evolving_or_stable"]
    assert reading.evidence["realistic"] == []


def test_qualities_are_looked_for_only_in_an_outcome(rules):
    reading = check(rules, "I need my daughter to help me so I can keep going to chapel")
    assert reading.kind == "need"
    assert not any(reading.qualities.values())
    assert all(reading.evidence[q] == [] for q in QUALITIES)
    assert says(rules).not_outcome_qualities in reading_text(rules, reading)


def test_service_words_make_an_outcome_not_personal(rules):
    plain = check(rules, "My mum wants to go to the shops")
    service = check(rules, "My mum wants to access the community")
    assert plain.qualities["personal"] is True
    assert service.qualities["personal"] is False
    assert service.evidence["service"] == ["access the community"]


# --- advice in their words ---------------------------------------------------


def test_a_family_need_asks_what_it_is_for_said_to_the_family(rules):
    advice = check(rules, "Mum needs homecare").advice
    assert advice[0] == says(rules).advice["need_what"].format(what="homecare", them="your mum", obj="her")


def test_a_barrier_is_turned_round_in_the_persons_own_voice(rules):
    advice = check(rules, "Dad can't get upstairs to his bed any more").advice[0]
    assert "get upstairs to his bed again" in advice  # said back to the family
    assert "“I want to be able to get upstairs to my bed again" in advice  # in Dad's voice
    assert "your dad" in advice


def test_shorthand_outcome_is_rewritten_in_their_voice_and_service_words_questioned(rules):
    advice = check(rules, "SU to access the community").advice
    assert advice[0] == says(rules).advice["outcome_own_words"].format(rest_i="access the community")
    assert advice[1] == says(rules).service_language["community"].format(them="you", obj="you")


def test_her_becomes_my_and_her_as_object_becomes_me_in_their_voice(rules):
    advice = check(rules, "Mrs Jones wants to go to chapel with her friends so they can help her in").advice[0]
    assert "“I want to go to chapel with my friends so they can help me in”" in advice


def test_she_feels_becomes_i_feel_in_their_voice(rules):
    advice = check(rules, "Mrs Jones wants to go where she feels at home").advice[0]
    assert "“I want to go where I feel at home”" in advice


def test_with_nobody_named_her_is_said_back_to_the_person_as_your(rules):
    advice = check(rules, "Needs help to see her friends").advice[0]
    assert "help to see your friends" in advice and "for you?" in advice


def test_my_is_said_back_as_your(rules):
    advice = check(rules, "I need my tablets sorting").advice[0]
    assert "your tablets sorting" in advice
    assert "my tablets" not in advice


def test_a_first_word_is_lower_cased_but_not_shorthand(rules):
    assert "the referral" in check(rules, "Referral to OT").advice[0]


def test_words_too_long_to_quote_fall_back_to_the_kinds_question(rules):
    long_need = "Mum needs " + " ".join(["help"] * (rules.flow.settings.max_quote_words + 1))
    assert check(rules, long_need).advice[0] == says(rules).generic_advice["need"].format(them="your mum", obj="her")


def test_advice_is_at_most_max_advice_lines(rules):
    reading = check(rules, "To maintain independence")
    assert len(reading.advice) == rules.flow.settings.max_advice
    assert says(rules).qualities["personal"].missing.format(them="you", obj="you") in reading.advice


def test_json_has_exactly_the_keys(rules):
    assert set(check(rules, "Mum needs homecare").as_json()) == {"text", "kind", "qualities", "evidence", "advice"}


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "x" * 50_000, "\x00\x01"])
def test_bad_input_gets_a_reading_not_a_crash(rules, text):
    reading = check(rules, text)
    assert reading.kind in {"outcome", "need", "resource", "output"}
    assert len(reading.text) <= 2000
    assert reading_text(rules, reading)


def test_reading_text_uses_the_yaml_sentences(rules):
    reading = check(rules, "Mrs Evans would like to return to chapel on Sundays")
    text = reading_text(rules, reading)
    assert says(rules).kind_line.format(kind=says(rules).kinds["outcome"].name) in text
    assert says(rules).qualities_heading in text
    assert says(rules).quality_missing.format(quality=says(rules).qualities["realistic"].name) in text


# --- the command line ------------------------------------------------------------


def test_outcome_check_prints_one_json_line_per_statement_skipping_blanks():
    result = CliRunner().invoke(cli, ["outcome-check"], input="Mum needs homecare\n\n  \nHas a stairlift\n")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["kind"] for line in lines] == ["need", "resource"]
    assert lines[0]["text"] == "Mum needs homecare"


def test_outcome_check_reads_a_file_and_can_answer_as_text(tmp_path, rules):
    path = tmp_path / "plan.txt"
    path.write_text("Referral to OT\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["outcome-check", "--text", str(path)])
    assert result.exit_code == 0, result.output
    assert says(rules).kinds["output"].name in result.output


def test_outcome_check_says_plainly_when_a_file_cannot_be_read(tmp_path, rules):
    missing = CliRunner().invoke(cli, ["outcome-check", str(tmp_path / "nope.txt")])
    assert missing.exit_code != 0
    assert "Cannot read" in missing.output and "nope.txt" in missing.output
    binary = tmp_path / "plan.bin"
    binary.write_bytes(b"\xff\xfe\x00bad")
    result = CliRunner().invoke(cli, ["outcome-check", str(binary)])
    assert result.exit_code != 0
    assert says(rules).cli_not_text.format(path=binary) in result.output


def test_eval_outcomes_check_passes_on_the_shipped_set():
    result = CliRunner().invoke(cli, ["eval", "outcomes", "--check"])
    assert result.exit_code == 0, result.output
    assert "kind accuracy" in result.output


def test_eval_outcomes_check_fails_below_the_floor(tmp_path):
    rows = [
        {"id": f"x{i}", "text": "Mum needs homecare", "kind": "output", "split": "test"} for i in range(5)
    ]
    path = tmp_path / "wrong.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "outcomes", str(path), "--check", "--json"])
    assert result.exit_code != 0
    assert json.loads(result.output.splitlines()[0])["accuracy"] == 0.0


# --- the labelled set and the rules file ------------------------------------------


def test_the_labelled_set_is_large_and_covers_each_voice():
    items = outcome_eval.load()
    assert len(items) >= 200
    voices = {voice: sum(i.voice == voice for i in items) for voice in ("person", "family", "professional")}
    assert min(voices.values()) >= 50
    test = [i for i in items if i.split == "test"]
    assert {i.kind for i in test} == {"outcome", "need", "resource", "output"}


def test_a_broken_copy_of_outcomes_yaml_is_caught_naming_the_key(tmp_path):
    text = OUTCOMES_FILE.read_text(encoding="utf-8")
    broken = text.replace('"struggl\\\\w*|difficulty', '"(struggl\\\\w*|difficulty', 1)
    broken = broken.replace("What would {what} make possible", "What would {whom} make possible", 1)
    assert broken.count("(struggl") == 1 and "{whom}" in broken
    path = tmp_path / "outcomes.yaml"
    path.write_text(broken, encoding="utf-8")
    flow, compiled, errors = check_file(path, OutcomesFlow, check_outcomes)
    assert flow is None and compiled is None
    shown = "\n".join(str(e) for e in errors)
    assert "not a valid pattern" in shown
    assert "kinds.need.phrases" in shown or "need" in shown
