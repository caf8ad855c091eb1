"""The personal-outcomes quiz: the key, choosing statements, a terminal run and a team summary."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from flowcopy import broken_errors
from flowcopy import line_of as flowcopy_line_of

from outcomes_bot.content.checks_learn_quiz import check_quiz
from outcomes_bot.content.flows import check_file, flows_dir
from outcomes_bot.content.schema_learn_quiz import (
    POLL_EXPLANATION_LINE_FEEDS,
    POLL_EXPLANATION_MAX,
    POLL_OPTION_MAX,
    POLL_QUESTION_MAX,
    QuizFlow,
)
from outcomes_bot.learn.quiz import (
    NO_OPTION,
    YES_OPTION,
    Answer,
    Tally,
    answer,
    from_answers,
    group_results,
    group_summary,
    group_text,
    parse,
    pick,
    poll,
    remember,
    run_lines,
    said_from_option,
    score,
    tally,
)

QUIZ_FILE = flows_dir() / "quiz.yaml"
GUIDE = Path(__file__).resolve().parents[2] / "shared" / "resource" / "outcomes-approach-domiciliary-care.txt"


@pytest.fixture(scope="module")
def quiz() -> QuizFlow:
    """The shipped quiz, checked."""
    flow, _, errors = check_file(QUIZ_FILE, QuizFlow, check_quiz)
    assert errors == []
    assert flow is not None
    return flow


# --- the key ------------------------------------------------------------------


def test_the_key_has_all_25_statements_each_with_an_answer_and_an_explanation_that_fits_a_poll(quiz):
    assert [item.number for item in quiz.items] == list(range(1, 26))
    for item in quiz.items:
        made = poll(quiz, item.number, 25, 25)
        assert len(made.question) <= POLL_QUESTION_MAX
        assert all(0 < len(option) <= POLL_OPTION_MAX for option in made.options)
        assert 0 < len(made.explanation) <= POLL_EXPLANATION_MAX
        assert made.explanation.count("\n") <= POLL_EXPLANATION_LINE_FEEDS
        assert made.correct_option_id == (YES_OPTION if item.outcome else NO_OPTION)
        names = quiz.categories[item.category].called
        assert any(name in item.explanation.lower() for name in names), item.number
    assert [item.number for item in quiz.items if item.outcome] == [2, 3, 5, 7, 8, 10, 14, 16, 18, 22, 23, 25]


@pytest.mark.skipif(not GUIDE.exists(), reason="the guide is not beside the checkout")
def test_the_statements_are_the_guides_word_for_word(quiz):
    text = GUIDE.read_text(encoding="utf-8")
    quiz_part = text[text.index("Try this quiz") : text.index("The answers are in this document")]
    printed = dict(re.findall(r"^(\d+)\t(.+?)\t?$", quiz_part, re.M))
    assert {int(n): s.strip() for n, s in printed.items()} == {i.number: i.statement for i in quiz.items}


def category(quiz, number):
    """An item's answer and category."""
    item = quiz.item(number)
    return item.outcome, item.category


def test_a_referral_is_an_output(quiz):
    """9 "Referral for an assessment...": the term table's Output is "Product or activities"; a referral is one."""
    assert category(quiz, 9) == (False, "output")


def test_a_meeting_is_an_output(quiz):
    """11 "Best Interests Meeting to be arranged": the term table's Output examples begin with "Meetings"."""
    assert category(quiz, 11) == (False, "output")


def test_care_workers_calling_is_a_service_not_an_outcome(quiz):
    """12: "A person might use a home care service ... they are not an outcome in themselves" (inputs, Resource)."""
    assert category(quiz, 12) == (False, "resource")


def test_going_to_a_group_is_a_resource(quiz):
    """21: "Local community groups" are a Resource; "attending a parenting group" is listed as not an outcome."""
    assert category(quiz, 21) == (False, "resource")


def test_mum_needs_homecare_is_a_need(quiz):
    """19: Need/Barrier is "Requiring help"; the home care it names is a service, not what Mum wants."""
    assert category(quiz, 19) == (False, "need")


def test_a_circumstance_is_a_barrier_not_an_outcome(quiz):
    """1: Need/Barrier is "A circumstance or obstacle that ... prevents ... progress": unsteady on their feet."""
    assert category(quiz, 1) == (False, "need")


def test_an_end_result_that_names_its_means_is_still_an_outcome(quiz):
    """2: a Personal outcome is "The end result or impact the person wants"; the sewing club is only the means."""
    assert category(quiz, 2) == (True, "outcome")


def test_the_bedtime_story_is_an_outcome(quiz):
    """25: nearly the guide's own example personal outcome, "...get upstairs to read my children a bedtime story"."""
    assert category(quiz, 25) == (True, "outcome")


# --- the file's checks --------------------------------------------------------


# broken(tmp_path, old, new): the errors in a copy of quiz.yaml with one change; line_of(needle): its line there
broken = functools.partial(broken_errors, "quiz.yaml", QuizFlow, check_quiz)
line_of = functools.partial(flowcopy_line_of, "quiz.yaml")


def test_an_explanation_too_long_for_a_poll_names_its_line(tmp_path):
    old = "Ask what singing would bring them."
    errors = broken(tmp_path, old, old + " " + "And more. " * 10)
    line = line_of(old)
    assert errors == [
        f"quiz.yaml:{line}: items[3].explanation: item 4: explanation is 238 characters. "
        "Fix: shorten it to 200 characters or fewer (Telegram's limit for a quiz explanation)"
    ]


def test_an_answer_that_disagrees_with_its_category(tmp_path):
    anchor = "  statement: Mum needs homecare\n  outcome: false"
    errors = broken(tmp_path, anchor, anchor.replace("false", "true"))
    assert errors == [
        f"quiz.yaml:{line_of(anchor) + 1}: items[18].outcome: item 19: answer and category disagree. "
        "Fix: set outcome: true only for category outcome"
    ]


def test_an_explanation_must_name_its_category(tmp_path):
    old = "An output: a referral for an assessment"
    errors = broken(tmp_path, old, "A referral for an assessment")
    assert errors == [
        f"quiz.yaml:{line_of(old)}: items[8].explanation: item 9: explanation does not name its category. "
        "Fix: say which it is: 'output'"
    ]


def test_a_misnumbered_item(tmp_path):
    errors = broken(tmp_path, "- number: 7\n", "- number: 6\n")
    assert errors == [
        f"quiz.yaml:{line_of('- number: 7')}: items[6].number: item 7 has number 6. "
        "Fix: number the items 1 to 25 in order, without gaps or repeats"
    ]


def test_an_unknown_placeholder_in_a_message(tmp_path):
    old = 'result: "You got {score} of {total} right."'
    errors = broken(tmp_path, old, old.replace("{total}", "{count}"))
    assert errors == [
        f"quiz.yaml:{line_of(old)}: messages.result: unknown placeholder '{{count}}'. "
        "Fix: use only these here: {score}, {total}"
    ]


def test_an_unknown_category_and_a_missing_key(tmp_path):
    errors = broken(tmp_path, "  category: output\n", "  category: service\n")
    assert len(errors) == 1 and errors[0].startswith(f"quiz.yaml:{line_of('  category: output')}: items[3].category")
    assert errors[0].endswith("Fix: use one of the values listed")
    errors = broken(tmp_path, "  group_hardest: 3", "  group_hardst: 3")
    line = line_of("  group_hardest: 3")
    assert errors == [
        f"quiz.yaml:{line_of('sizes:')}: sizes.group_hardest: missing key 'group_hardest'. "
        "Fix: add 'group_hardest:' here",
        f"quiz.yaml:{line}: sizes.group_hardst: unknown key 'group_hardst'. Fix: remove it, or correct its spelling",
    ]


def test_a_yaml_syntax_error_names_its_line(tmp_path):
    errors = broken(tmp_path, "  private: 5", "  private: [5")
    assert len(errors) == 1 and errors[0].startswith("quiz.yaml:")
    assert "YAML syntax" in errors[0]


# --- choosing statements ------------------------------------------------------


def test_pick_puts_the_ones_answered_wrongly_first_then_the_unseen(quiz):
    chosen = pick(quiz.items, {7, 3}, 5, seed=1, seen={1, 2, 3, 7})
    assert sorted(chosen[:2]) == [3, 7]
    assert not set(chosen[2:]) & {1, 2, 3, 7}
    assert len(set(chosen)) == 5


def test_pick_is_the_same_for_the_same_seed_and_in_the_guides_order_without_one(quiz):
    assert pick(quiz.items, set(), 25, seed=4) == pick(quiz.items, set(), 25, seed=4)
    assert pick(quiz.items, set(), 25, seed=4) != pick(quiz.items, set(), 25, seed=5)
    assert pick(quiz.items, set(), 25) == list(range(1, 26))
    assert pick(quiz.items, {99}, 3) == [1, 2, 3]
    assert pick(quiz.items, set(), 0) == []


def test_seen_ones_answered_rightly_come_last(quiz):
    history = {n: True for n in range(1, 24)}
    assert pick(quiz.items, set(), 3, seen=history.keys())[:2] == [24, 25]


def test_the_ones_answered_wrongly_come_back_in_the_next_quiz(quiz):
    first = pick(quiz.items, set(), 5, seed=2)
    answers = [answer(quiz, n, said_outcome=True) for n in first]  # "yes" to everything
    history = remember({}, from_answers(answers))
    wrong = {n for n, right in history.items() if not right}
    assert wrong and wrong == {n for n in first if not quiz.item(n).outcome}
    second = pick(quiz.items, wrong, 5, seed=3, seen=history.keys())
    assert set(second[: len(wrong)]) == wrong
    assert remember(history, [(next(iter(wrong)), True)])[next(iter(wrong))] is True


# --- scoring and the terminal -------------------------------------------------


def test_score_counts_the_right_answers_and_lists_the_wrong_in_order():
    answers = [Answer(4, True, False), Answer(2, True, True), Answer(9, True, False)]
    assert score(answers).as_json() == {"score": 1, "total": 3, "wrong": [4, 9]}
    assert score([]).as_json() == {"score": 0, "total": 0, "wrong": []}


@pytest.mark.parametrize(
    "line, said",
    [("y", True), ("Y", True), ("yes", True), (" YES \n", True), ("n", False), ("No", False), ("NO", False)]
    + [("", None), ("maybe", None), ("yess", None), ("y n", None), ("1", None)],
)
def test_a_typed_line_is_yes_no_or_asked_again(quiz, line, said):
    assert parse(quiz, line) is said


def test_a_whole_terminal_run_from_a_pipe(quiz):
    run = run_lines(quiz, [1, 2, 4, 5, 9], ["Y", "maybe", "yes", "N", "", "no", "n", "extra"])
    assert run.result.as_json() == {"score": 3, "total": 5, "wrong": [1, 5]}
    said = quiz.messages
    assert run.output[0] == said.intro.format(count=5)
    assert said.ask_again.format(line="maybe") in run.output
    assert said.ask_again.format(line="") in run.output
    assert run.output[-2:] == (said.result.format(score=3, total=5), said.come_back.format(numbers="1, 5"))
    questions = [line for line in run.output if line.endswith("Is this a personal outcome?")]
    assert len(questions) == 5 and questions[0].startswith("1/5. \"I can't get out")


def test_a_run_whose_lines_run_out_counts_what_was_answered(quiz):
    run = run_lines(quiz, [2, 3, 4], ["yes"])
    assert run.result.as_json() == {"score": 1, "total": 1, "wrong": []}
    assert quiz.messages.ran_out.format(answered=1, count=3) in run.output


def test_all_right_says_well_done(quiz):
    run = run_lines(quiz, [2, 4], ["y", "n"])
    assert run.output[-1] == quiz.messages.all_right


# --- polls and a team round ---------------------------------------------------


def test_a_poll_has_yes_and_no_the_right_option_and_the_explanation(quiz):
    made = poll(quiz, 11, 2, 5)
    assert made.options == (quiz.messages.yes, quiz.messages.no)
    assert made.correct_option_id == NO_OPTION and said_from_option(NO_OPTION) is False
    assert made.question == '2/5. "Best Interests Meeting to be arranged" Is this a personal outcome?'
    assert made.explanation == quiz.item(11).explanation
    assert poll(quiz, 10, 1, 5).correct_option_id == YES_OPTION and said_from_option(YES_OPTION) is True


def test_the_group_summary_names_no_one(quiz):
    people = {"Alice Morgan": [(1, True), (2, True), (4, False)], "Bryn": [(1, True), (2, False)], 7701: [(1, False)]}
    answers = {who: [answer(quiz, n, said) for n, said in said_list] for who, said_list in people.items()}
    tallies = tally(answers)
    assert tallies == [Tally(1, 1, 2), Tally(2, 1, 1), Tally(4, 1, 0)]
    summary = group_summary(quiz, tallies)
    assert (summary.answers, summary.right, summary.most) == (6, 3, 3)
    assert summary.hardest == (Tally(1, 1, 2),)  # a tie (item 2) is not "most got it wrong"
    text = group_text(quiz, summary)
    for who in ("Alice", "Morgan", "Bryn", "7701"):
        assert who not in text and who not in repr(summary)
    assert quiz.item(1).explanation in text and quiz.item(2).statement not in text
    assert text.startswith(quiz.messages.group_result.format(answers=6, right=3, most=3))


def test_the_group_summary_explains_at_most_the_hardest_few(quiz):
    tallies = [Tally(n, 0, 2) for n in range(1, 6)] + [Tally(6, 1, 3)]
    summary = group_summary(quiz, tallies)
    assert [t.number for t in summary.hardest] == [1, 2, 3][: quiz.sizes.group_hardest]
    assert group_text(quiz, group_summary(quiz, [Tally(3, 2, 0)])).endswith(quiz.messages.group_none_hard)
    assert group_text(quiz, group_summary(quiz, [Tally(3, 0, 0)])) == quiz.messages.group_nobody
    assert group_results([Tally(1, 1, 2), Tally(2, 1, 1), Tally(3, 0, 0)]) == [(1, False), (2, True)]
