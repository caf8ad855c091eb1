"""The recording review: each principle's words found, clean notes left alone, labels and identifying details."""

from __future__ import annotations

import functools
import json

import pytest
from flowcopy import broken_errors
from flowcopy import line_of as flowcopy_line_of

from outcomes_bot.content.checks_learn_recording import RecordingRules, check_recording
from outcomes_bot.content.flows import check_file, flows_dir
from outcomes_bot.content.schema_learn_recording import RecordingFlow
from outcomes_bot.learn.record_check import as_json, review, review_text

RECORDING_FILE = flows_dir() / "recording.yaml"
CANNOT = {"types_of_outcomes", "learning_at_review", "joined_up", "communication", "end_of_life"}


@pytest.fixture(scope="module")
def rules() -> RecordingRules:
    """The shipped recording rules, checked and compiled."""
    _, compiled, errors = check_file(RECORDING_FILE, RecordingFlow, check_recording)
    assert errors == []
    assert compiled is not None
    return compiled


@pytest.fixture
def check(rules, flows):
    """Review a note with the shipped rules and privacy words; {principle id: its review}, and the review."""

    def run(note: str):
        result = review(note, rules, flows.privacy)
        for principle in result.principles:
            for item in principle.evidence:
                assert note[item.start : item.end] == item.text  # quoted from the note, where it is
        return {p.id: p for p in result.principles}, result

    return run


# --- each principle's words ---------------------------------------------------

CASES = [
    # (note, principle, ok, the words that decide it)
    (
        "Assisted with personal care. Meds prompted.",
        "personal_outcomes",
        False,
        ["Assisted with personal care", "Meds prompted"],
    ),
    ("SU in chair. Care given as per care plan.", "personal_outcomes", False, ["SU", "as per care plan"]),
    ("Gwen washed her face herself and chose her blue cardigan.", "strengths_and_risks", True, ["herself", "chose"]),
    ("Gwen is high risk.", "strengths_and_risks", False, ["high risk"]),
    (
        "Mobilises with w/f, x2 carers. Review 4/12. NFA.",
        "plain_language",
        False,
        ["Mobilises", "w/f", "x2", "4/12", "NFA"],
    ),
    ("Appears low in mood. Seems tired.", "fact_and_opinion", False, ["Appears", "low in mood", "Seems"]),
    ("Mr B refused his tea and was non-compliant.", "fact_and_opinion", False, ["refused", "non-compliant"]),
    ("Daughter says Mum is not safe at home.", "differences_of_opinion", False, ["Daughter says"]),
    ("Gwen chose soup because she likes it hot.", "the_why", True, ["because"]),
    ("Gwen had soup.", "the_why", False, []),
    ('She said "I like it hot".', "their_story", True, ["She said", '"I like it hot"']),
    ("She said 'I don't like it cold', so I warmed it.", "their_story", True, ["She said", "'I don't like it cold'"]),
    ("Gwen had soup.", "their_story", False, []),
    ("In her words, it was the best day this month.", "their_story", True, ["In her words"]),
    ("She told me: ‘I don’t want the telly on’.", "their_story", True, ["She told me", "‘I don’t want the telly on’"]),
]


@pytest.mark.parametrize("note, principle, ok, words", CASES)
def test_each_principles_words_are_found(check, note, principle, ok, words):
    found, _ = check(note)
    assert found[principle].ok is ok
    assert [e.text for e in found[principle].evidence] == words
    assert found[principle].advice


def test_every_principle_a_note_can_show_has_a_case(rules):
    checked = {p.id for p in rules.flow.principles if p.checks}
    assert checked == {case[1] for case in CASES} and not checked & CANNOT


@pytest.mark.parametrize(
    "word, instead",
    [("SU", "their name"), ("x2", "two carers"), ("4/12", "in four months"), ("refused", "their right to decide")],
)
def test_words_found_carry_a_kind_suggestion(check, word, instead):
    _, result = check(f"Note: {word} today.")
    suggestions = [e.instead for p in result.principles for e in p.evidence if e.text == word]
    assert suggestions and instead in suggestions[0]


def test_abbreviations_count_only_in_their_own_case_and_as_whole_words(check):
    found, _ = check("Su had sugar in her tea, boxes x2. Sunny.")
    assert [e.text for e in found["personal_outcomes"].evidence] == []
    assert [e.text for e in found["plain_language"].evidence] == ["x2"]


def test_an_opinion_with_what_was_seen_is_kept(check):
    found, _ = check("She seemed tired: she yawned through breakfast. He appeared low because he said he missed Ron.")
    assert found["fact_and_opinion"].ok is True
    assert [(e.text, e.problem) for e in found["fact_and_opinion"].evidence] == [("seemed", False), ("appeared", False)]
    found, _ = check("She seemed tired. She yawned through breakfast.")  # the excuse must be in the same sentence
    assert found["fact_and_opinion"].ok is False


def test_a_specific_risk_is_not_vague(check):
    found, _ = check("She is at risk of falling when she steps into the kitchen; she holds the door frame herself.")
    assert found["strengths_and_risks"].ok is True


def test_differences_of_opinion_need_the_persons_view_or_what_was_agreed(check):
    found, _ = check('Daughter says Mum is not safe at home. Mum said "I am staying put". We agreed to talk on Friday.')
    assert found["differences_of_opinion"].ok is True
    found, _ = check("Gwen had soup.")
    assert found["differences_of_opinion"].ok is None
    assert found["differences_of_opinion"].advice.startswith("No other view is mentioned")


# --- labels -------------------------------------------------------------------


@pytest.mark.parametrize(
    "note, label",
    [
        ("Very non-compliant with meds today.", "non-compliant"),
        ("Challenging at teatime.", "Challenging"),
        ("Refused a wash.", "Refused"),
        ("A known wanderer at night.", "wanderer"),
        ("Verbally aggressive to staff.", "Verbally aggressive"),
        ("He was very difficult and shouted.", "was very difficult"),
        ("Attention seeking with the call bell.", "Attention seeking"),
    ],
)
def test_labelling_words_are_caught(check, note, label):
    found, result = check(note)
    assert [e.text for e in result.labels] == [label]
    assert found["fact_and_opinion"].ok is False
    assert as_json(result)["labels"][0]["text"] == label


def test_difficult_things_are_not_labels(check):
    _, result = check("The walk was difficult for her, and it was difficult to get the hoist in.")
    assert result.labels == ()


# --- clean notes, the principles one note cannot show, identifying details ----

CLEAN = [
    'Gwen washed her face and hands herself at the sink and I washed her back. She said "I like to do what I can, '
    'it makes me feel like me." She chose her blue cardigan because her friend is calling this afternoon.',
    "Dai walked from his bed to the bathroom with his frame. The main risk is the step into the kitchen, where he "
    "tripped twice; he holds the door frame. He wants to keep making his own breakfast because "
    '"it\'s the one thing I still do for myself."',
    'Bethan is worried about her dad walking to the paper shop on his own. Dad said "That walk is the best part of '
    'my day." We agreed he will take his phone and ring Bethan when he gets back, so she knows he is home.',
]


@pytest.mark.parametrize("note", CLEAN)
def test_a_clean_note_raises_nothing(check, note):
    found, result = check(note)
    assert [p.id for p in found.values() if p.ok is False] == []
    assert [e.text for p in found.values() for e in p.evidence if e.problem] == []
    assert result.labels == () and result.identifying == ()
    assert {p.id for p in found.values() if p.ok is True} >= {"personal_outcomes", "the_why", "their_story"}


def test_the_principles_one_note_cannot_show_say_why(check, rules):
    found, result = check(CLEAN[0])
    assert [p.number for p in result.principles] == list(range(1, 13))
    for principle in rules.flow.principles:
        if principle.id in CANNOT:
            assert (found[principle.id].ok, found[principle.id].evidence) == (None, ())
            assert found[principle.id].advice == principle.cannot


def test_identifying_details_are_reported(check):
    _, result = check('Mrs Jones rang her son on 07700 900123. She said "I\'m fine".')
    assert [(f.kind, f.text) for f in result.identifying] == [("name", "Mrs Jones"), ("phone", "07700 900123")]
    assert as_json(result)["identifying"][0] == {"kind": "name", "text": "Mrs Jones", "start": 0, "end": 9}


def test_the_json_has_the_issues_shape(check):
    _, result = check("SU settled. Appears confused.")
    data = json.loads(json.dumps(as_json(result)))
    assert set(data) == {"principles", "labels", "identifying"}
    assert [set(p) for p in data["principles"]] == [{"id", "ok", "evidence", "advice"}] * 12
    first = data["principles"][0]
    assert first["id"] == "personal_outcomes" and first["ok"] is False
    assert first["evidence"][0] == {
        "text": "SU",
        "start": 0,
        "end": 2,
        "check": "service_language",
        "problem": True,
        "instead": "their name",
    }


def test_the_text_review_puts_what_is_worth_a_look_first(check, rules):
    _, result = check("Mrs Jones refused her tea. SU settled.")
    text = review_text(result, rules)
    said = rules.flow.messages
    assert text.startswith(said.heading)
    assert said.identifying.format(details="“Mrs Jones”") in text
    assert text.index(said.concerns) < text.index(said.cannot_tell)
    assert said.labels.format(labels="refused") in text
    assert "· “SU”: try their name" in text
    assert said.cannot_list.format(numbers="2, 8, 10, 11, 12") in text


def test_a_long_note_is_read_as_far_as_the_limit(check, rules):
    limit = rules.flow.max_chars
    _, result = check("Gwen had soup. " * (limit // 10) + "Refused.")
    assert (result.read, result.labels) == (limit, ())
    assert rules.flow.messages.too_long.format(max=limit) in review_text(result, rules)


def test_a_flow_works_as_rules_too(rules, flows):
    assert review("SU", rules.flow, flows.privacy) == review("SU", rules, flows.privacy)


# --- the file's checks --------------------------------------------------------


# broken(tmp_path, old, new): the errors in a copy of recording.yaml with one change; line_of(needle): its line there
broken = functools.partial(broken_errors, "recording.yaml", RecordingFlow, check_recording)
line_of = functools.partial(flowcopy_line_of, "recording.yaml")


def test_a_pattern_that_is_not_a_regular_expression(tmp_path):
    old = "'(?<![\\w/])\\d{1,2}/(?:7|12|52)(?![\\w/])'"
    errors = broken(tmp_path, old, "'(?<![\\w/])\\d{1,2}/(?:7|12|52(?![\\w/])'")
    assert len(errors) == 1
    assert errors[0].startswith(f"recording.yaml:{line_of(old)}: checks.jargon.find.patterns.")
    assert "not a regular expression (missing ), unterminated subpattern" in errors[0]


def test_an_unknown_check_in_a_principle(tmp_path):
    errors = broken(tmp_path, "checks: [jargon]", "checks: [jargn]")
    assert errors == [
        f"recording.yaml:{line_of('checks: [jargon]')}: principles[3].checks[0]: unknown check 'jargn'. "
        "Fix: use one of: service_language, strengths, vague_risk, jargon, opinion, labelling, other_views, "
        "the_why, own_words",
        f"recording.yaml:{line_of('  jargon:')}: checks.jargon: check 'jargon' is not used. "
        "Fix: add it to a principle's checks, or remove it",
    ]


def test_a_principle_with_no_checks_must_say_why(tmp_path):
    old = "  cannot: It is about records shared between organisations, which one note cannot show.\n"
    errors = broken(tmp_path, old, "")
    assert errors == [
        f"recording.yaml:{line_of('- id: joined_up')}: principles[9]: principle 10 has no checks and no reason. "
        "Fix: list the checks that show it, or say in 'cannot:' why one note cannot show it"
    ]


def test_a_word_in_two_checks(tmp_path):
    old = "        mobilises: walks (and with what)\n"
    errors = broken(tmp_path, old, old + "        meds prompted: ~\n")
    assert errors == [
        f"recording.yaml:{line_of(old) + 1}: checks.jargon.find.words.meds prompted: "
        "'meds prompted' is in service_language.words. Fix: keep it in one check only"
    ]


def test_cannot_tell_needs_its_wording_and_labels_an_avoid_check(tmp_path):
    old = "    unknown: No other view is mentioned."
    errors = broken(tmp_path, old, "    # unknown: No other view is mentioned.")
    assert errors == [
        f"recording.yaml:{line_of('  other_views:')}: checks.other_views: missing key 'unknown'. "
        "Fix: add 'unknown:': what to say when it cannot tell"
    ]
    errors = broken(tmp_path, "labels: labelling", "labels: own_words")
    assert errors[0].startswith(f"recording.yaml:{line_of('labels: labelling')}: labels: 'own_words' is not an avoid")


def test_an_unknown_key_and_an_unknown_placeholder(tmp_path):
    errors = broken(tmp_path, "    mode: show\n", "    mode: show\n    modes: show\n")
    assert errors == [
        f"recording.yaml:{line_of('    mode: show') + 1}: checks.strengths.modes: unknown key 'modes'. "
        "Fix: remove it, or correct its spelling"
    ]
    errors = broken(tmp_path, "{labels}.", "{words}.")
    assert errors == [
        f"recording.yaml:{line_of('  labels: ')}: messages.labels: unknown placeholder '{{words}}'. "
        "Fix: use only these here: {labels}"
    ]
