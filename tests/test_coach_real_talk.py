"""The coach on talk nobody here wrote: one test per failure class in issue 11, each by its mechanism.

Every sentence here was written for this file: none is in the corpus or the issue. Each test names
the mechanism it checks, so removing that mechanism makes it fail.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from outcomes_bot.cli import cli
from outcomes_bot.coach.classifier import classify

NEUTRAL = [
    ("Morning, Mrs Price!", "greeting"),
    ("Right, that's me done, see you Thursday.", "goodbye"),
    ("Cheers for the biscuit, Bet.", "thanks"),
    ("I'll pop your post on the side by the kettle.", "logistics"),
    ("Your nephew rang the office about Sunday.", "news"),
    ("Grim weather for it today, the roads are like glass.", "small_talk"),
]


@pytest.mark.parametrize("text,kind", NEUTRAL)
def test_neutral_talk_earns_nothing_and_costs_nothing(flows, text, kind):
    """Greetings, goodbyes, thanks, logistics, news and small talk are neither skilled nor traps."""
    result = classify(text, rules=flows.rules)
    assert result.is_neutral, (text, result)
    assert kind in [d.id for d in result.neutral]


@pytest.mark.parametrize(
    "text",
    [
        "Your prescription came in the post this morning.",
        "You were asleep when I came in, so I let you be.",
        "Your nails look smart, is that a new colour.",
    ],
)
def test_mentioning_you_is_not_a_reflection(flows, text):
    """A reflection needs positive evidence; a statement that merely mentions "you" has none."""
    assert "reflection" not in classify(text, rules=flows.rules).move_ids


def test_a_lecture_is_not_praised_as_a_reflection(flows):
    result = classify("Sitting in that chair all day does your legs no good at all.", rules=flows.rules)
    assert "reflection" not in result.move_ids
    assert result.traps


def test_saying_their_words_back_is_a_reflection(flows):
    """The person's last words said back (``before``) are the plainest reflection."""
    told = "I haven't driven since the operation, not once."
    assert "reflection" in classify("Not since the operation.", rules=flows.rules, before=told).move_ids
    assert "reflection" not in classify("Not since the operation.", rules=flows.rules).move_ids


def test_answering_their_question_is_not_a_reflection(flows):
    result = classify("Your glasses are on the dresser.", rules=flows.rules, before="Where are my glasses?")
    assert result.is_neutral


@pytest.mark.parametrize(
    "text,trap",
    [
        ("A pill organiser with the days on would sort all that out.", "problem_solving"),
        ("The best thing for swollen ankles is keeping them raised.", "expert"),
        ("People who skip their dinner end up dizzy and on the floor.", "confrontational"),
        ("That rug by the fire's going out with the bins today.", "power"),
        ("At your age porridge is the only sensible breakfast.", "expert"),
        ("Nobody your age should be up a ladder.", "expert"),
        ("So, what's the problem, and how can I help?", "problem_solving"),
    ],
)
def test_advice_without_you_is_still_a_trap(flows, text, trap):
    """Impersonal advice, fixes, decisions and warnings are traps by their shape, not by "you should"."""
    assert trap in classify(text, rules=flows.rules).trap_ids, text


@pytest.mark.parametrize(
    "text,before",
    [
        ("You must be worn out after a night like that.", ""),
        ("It sounds like you have to push yourself to get going some days.", ""),
        ("So you're going to ring your sister tonight.", "I'm going to ring my sister tonight."),
        ("What could you try first, do you think?", ""),
        ("You're not going to let this beat you.", ""),
        ("You feel you should be managing better than you are.", ""),
        ("You know you should stop, and you also love that first one with a brew.", "I know I should stop."),
    ],
)
def test_skilled_lines_with_trap_words_are_left_alone(flows, text, before):
    """Epistemic "must", reflective frames, the person's own plan or "I should" said back, their own ideas asked for."""
    assert classify(text, rules=flows.rules, before=before).trap_ids == [], text


def test_a_summary_in_the_workers_own_words_that_checks_back(flows):
    """Two or more things gathered and checked back make a summary, with no "to sum up"."""
    text = "So there's your brother's visits, the allotment, and not wanting a fuss. Have I got that about right?"
    result = classify(text, rules=flows.rules)
    assert "summary" in result.move_ids
    assert "closed_question" not in result.move_ids  # the check-back is part of the summary


def test_one_thing_checked_back_is_a_reflection_not_a_summary(flows):
    result = classify("You've been feeling low since the move. Is that right?", rules=flows.rules)
    assert "reflection" in result.move_ids and "summary" not in result.move_ids


@pytest.mark.parametrize(
    "text,kind",
    [
        ("Erm, now the weather's turning, I was just wondering how you've been getting on with the walking", "open"),
        ("Did you manage to get down the shop at all, in the end, with your knee the way it is.", "closed"),
        ("When things were hard before, what got you through, do you think?", "open"),
        ("Would you like the bath now, or would you rather wait till after lunch?", "closed"),
    ],
)
def test_spoken_questions_are_typed_by_their_asking_clause(flows, text, kind):
    """Questions without a question mark, set-up clauses, asides and offered choices."""
    result = classify(text, rules=flows.rules)
    assert result.questions == (f"{kind}_question",), (text, result)


def test_contradicting_what_they_just_said(flows):
    """A bare "You didn't" that flips the person's yes to no tells them they are wrong."""
    result = classify("You didn't, love.", rules=flows.rules, before="I've had my lunch.")
    assert "confrontational" in result.trap_ids
    answer = classify("No, it's Tuesday today.", rules=flows.rules, before="Is it Monday?")
    assert answer.trap_ids == []


def test_a_trap_turn_earns_no_credit_for_its_other_sentences(flows):
    result = classify("Oh, that sounds awful. A stairlift would sort all that out.", rules=flows.rules)
    assert "problem_solving" in result.trap_ids
    assert "reflection" not in result.move_ids


def test_classify_reads_json_lines_with_what_was_said_before():
    rows = [
        {"text": "Not since the operation.", "before": "I haven't driven since the operation."},
        {"text": "Not since the operation."},
    ]
    lines = "\n".join(json.dumps(r) for r in rows) + "\nnot json\n"
    result = CliRunner().invoke(cli, ["classify", "--jsonl"], input=lines)
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.output.splitlines()]
    assert "reflection" in out[0]["moves"] and out[0]["before"] == rows[0]["before"]
    assert "reflection" not in out[1]["moves"]
    assert out[2]["line"] == 3 and "not JSON" in out[2]["error"]


def test_long_input_is_read_only_up_to_the_limit(flows):
    """The coach reads ``read_chars`` of a reply, so time cannot grow with the square of the length."""
    limit = flows.coach.settings.read_chars
    result = classify("did you eat " * 5000, rules=flows.rules)
    assert all(d.start < limit for d in (*result.traps, *result.moves))
