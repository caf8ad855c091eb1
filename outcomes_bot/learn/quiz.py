"""The personal-outcomes quiz: choosing statements, scoring answers, a terminal run and a team summary.

A pure engine over ``flows/quiz.yaml`` (``QuizFlow``). It keeps nothing itself:
what a store remembers for a worker is a plain ``dict[int, bool]`` (item
number -> was the last answer right), read by ``pick`` and updated by
``remember``. Items answered wrongly come first in the next quiz, then ones
not yet seen, then the rest.

The group summary is built from counts per statement (``Tally``), never from
who answered what, so it cannot name anyone's score. Telegram's anonymous quiz
polls give exactly these counts; answers from named people are first reduced
to counts by ``tally``.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field

from ..content.schema_learn_quiz import QuizFlow, QuizItem

YES_OPTION, NO_OPTION = 0, 1  # the order of a poll's options
LINE_SHOWN = 40  # at most this much of an unrecognised line is said back


@dataclass(frozen=True)
class Answer:
    """One statement answered: its number, whether the worker said it is an outcome, and whether that is right."""

    number: int
    said_outcome: bool
    right: bool


@dataclass(frozen=True)
class Result:
    """How a quiz went: right answers, statements answered, and the numbers answered wrongly."""

    score: int
    total: int
    wrong: tuple[int, ...]

    def as_json(self) -> dict:
        """The result as ``outcomes-bot quiz --json`` prints it: {"score", "total", "wrong"}."""
        return {"score": self.score, "total": self.total, "wrong": list(self.wrong)}


@dataclass(frozen=True)
class Poll:
    """A Telegram quiz poll for one statement, as plain data for ``sendPoll`` (type=quiz)."""

    number: int
    question: str
    options: tuple[str, str]
    correct_option_id: int
    explanation: str


def pick(
    items: Sequence[QuizItem], wrong_before: Set[int], size: int, seed: int | None = None, seen: Collection[int] = ()
) -> list[int]:
    """The numbers of ``size`` statements: those answered wrongly before first, then unseen ones, then the rest.

    Within each group the order is shuffled by ``seed`` (the same seed, the same
    quiz); with no seed it is the guide's order. ``seen`` is every number answered
    before; numbers not in ``items`` are ignored.
    """
    numbers = [item.number for item in items]
    done = set(seen) | set(wrong_before)
    groups = [
        [n for n in numbers if n in wrong_before],
        [n for n in numbers if n not in done],
        [n for n in numbers if n in done and n not in wrong_before],
    ]
    rng = random.Random(seed) if seed is not None else None
    chosen: list[int] = []
    for group in groups:
        if rng is not None:
            rng.shuffle(group)
        chosen += group
    return chosen[: max(size, 0)]


def answer(quiz: QuizFlow, number: int, said_outcome: bool) -> Answer:
    """Mark one answer against the key."""
    return Answer(number, said_outcome, quiz.item(number).outcome == said_outcome)


def score(answers: Iterable[Answer]) -> Result:
    """Count the right answers; the wrong ones' numbers in the order they were asked."""
    answers = list(answers)
    wrong = tuple(a.number for a in answers if not a.right)
    return Result(len(answers) - len(wrong), len(answers), wrong)


def remember(history: Mapping[int, bool], results: Iterable[tuple[int, bool]]) -> dict[int, bool]:
    """A new history: each (number, right) answered replaces what was remembered for that number."""
    updated = dict(history)
    updated.update(results)
    return updated


def from_answers(answers: Iterable[Answer]) -> list[tuple[int, bool]]:
    """(number, right) for each answer, as ``remember`` takes them."""
    return [(a.number, a.right) for a in answers]


def question(quiz: QuizFlow, number: int, position: int, count: int) -> str:
    """The question for one statement: "3/5. "<statement>" Is this a personal outcome?"."""
    return quiz.messages.question.format(position=position, count=count, statement=quiz.item(number).statement)


def poll(quiz: QuizFlow, number: int, position: int, count: int) -> Poll:
    """The quiz poll for one statement: Yes and No, the right option, and the explanation."""
    item = quiz.item(number)
    correct = YES_OPTION if item.outcome else NO_OPTION
    options = (quiz.messages.yes, quiz.messages.no)
    return Poll(number, question(quiz, number, position, count), options, correct, item.explanation)


def said_from_option(option_id: int) -> bool:
    """What a chosen poll option says: True for Yes (it is an outcome)."""
    return option_id == YES_OPTION


def parse(quiz: QuizFlow, line: str) -> bool | None:
    """A typed answer: True for y/yes, False for n/no (any case, spaces ignored), None for anything else."""
    word = line.strip().lower()
    if word in {w.lower() for w in quiz.messages.yes_words}:
        return True
    if word in {w.lower() for w in quiz.messages.no_words}:
        return False
    return None


def feedback(quiz: QuizFlow, given: Answer) -> str:
    """What is said after an answer: right or not, and the explanation."""
    item = quiz.item(given.number)
    if given.right:
        return quiz.messages.right.format(explanation=item.explanation)
    said = quiz.messages.yes if item.outcome else quiz.messages.no
    return quiz.messages.wrong.format(answer=said, explanation=item.explanation)


def result_lines(quiz: QuizFlow, result: Result) -> list[str]:
    """The end of a quiz: the score, and which statements come back next time (or well done)."""
    lines = [quiz.messages.result.format(score=result.score, total=result.total)]
    if result.wrong:
        lines.append(quiz.messages.come_back.format(numbers=", ".join(map(str, result.wrong))))
    elif result.total:
        lines.append(quiz.messages.all_right)
    return lines


@dataclass
class QuizRun:
    """A quiz played one typed line at a time (the terminal): feed it lines, print what it returns."""

    quiz: QuizFlow
    numbers: list[int]
    answers: list[Answer] = field(default_factory=list)

    @property
    def done(self) -> bool:
        """Whether every statement has been answered."""
        return len(self.answers) >= len(self.numbers)

    def start(self) -> list[str]:
        """The introduction, how to answer, and the first question."""
        return [self.quiz.messages.intro.format(count=len(self.numbers)), self.quiz.messages.answer_hint] + self._next()

    def feed(self, line: str) -> list[str]:
        """One typed line: feedback and the next question (or the result), or a request to answer again."""
        if self.done:
            return []
        said = parse(self.quiz, line)
        if said is None:
            shown = line.strip()[:LINE_SHOWN]
            return [self.quiz.messages.ask_again.format(line=shown)]
        given = answer(self.quiz, self.numbers[len(self.answers)], said)
        self.answers.append(given)
        return [feedback(self.quiz, given)] + self._next()

    def result(self) -> Result:
        """The result so far."""
        return score(self.answers)

    def _next(self) -> list[str]:
        """The next question, or the result lines when the last has been answered."""
        if self.done:
            return result_lines(self.quiz, self.result())
        position = len(self.answers) + 1
        return [question(self.quiz, self.numbers[position - 1], position, len(self.numbers))]


@dataclass(frozen=True)
class Run:
    """A whole terminal run: everything said, in order, and the result."""

    output: tuple[str, ...]
    result: Result
    answers: tuple[Answer, ...]


def run_lines(quiz: QuizFlow, numbers: Sequence[int], lines: Iterable[str]) -> Run:
    """Play a quiz from typed lines (a pipe): y/yes/n/no in any case; anything else is asked again.

    If the lines run out first, the quiz stops and the result counts the statements answered.
    """
    run = QuizRun(quiz, list(numbers))
    output = run.start()
    for line in lines:
        if run.done:
            break
        output += run.feed(line)
    if not run.done:
        output.append(quiz.messages.ran_out.format(answered=len(run.answers), count=len(run.numbers)))
        output += result_lines(quiz, run.result())
    return Run(tuple(output), run.result(), tuple(run.answers))


# --- a team round -----------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """How a team answered one statement: how many were right and how many wrong. No one is named."""

    number: int
    right: int
    wrong: int


@dataclass(frozen=True)
class GroupSummary:
    """A team round's result: counts only, and the statements most of the team got wrong."""

    answers: int  # answers given, over all statements
    right: int
    most: int  # the most answers any one statement had: how many took part, at least
    hardest: tuple[Tally, ...]  # wrong answers outnumber right ones, hardest first


def tally(answers_by_person: Mapping[Hashable, Iterable[Answer]]) -> list[Tally]:
    """Counts per statement from each person's answers; who gave them is dropped here."""
    counts: dict[int, list[int]] = {}
    for answers in answers_by_person.values():
        for given in answers:
            counts.setdefault(given.number, [0, 0])[0 if given.right else 1] += 1
    return [Tally(number, right, wrong) for number, (right, wrong) in sorted(counts.items())]


def group_summary(quiz: QuizFlow, tallies: Iterable[Tally]) -> GroupSummary:
    """The team's result: answers, right answers, and up to ``sizes.group_hardest`` statements most got wrong."""
    tallies = [t for t in tallies if t.right + t.wrong > 0]
    hard = sorted((t for t in tallies if t.wrong > t.right), key=lambda t: (-t.wrong / (t.right + t.wrong), t.number))
    return GroupSummary(
        answers=sum(t.right + t.wrong for t in tallies),
        right=sum(t.right for t in tallies),
        most=max((t.right + t.wrong for t in tallies), default=0),
        hardest=tuple(hard[: quiz.sizes.group_hardest]),
    )


def group_results(tallies: Iterable[Tally]) -> list[tuple[int, bool]]:
    """(number, right) per statement for a team's history: right when most of those answering were right."""
    return [(t.number, t.right >= t.wrong) for t in tallies if t.right + t.wrong > 0]


def group_text(quiz: QuizFlow, summary: GroupSummary) -> str:
    """The summary posted in the group: the team's result and the hard statements explained."""
    messages = quiz.messages
    if summary.answers == 0:
        return messages.group_nobody
    lines = [messages.group_result.format(answers=summary.answers, right=summary.right, most=summary.most)]
    for hard in summary.hardest:
        item = quiz.item(hard.number)
        said = messages.yes if item.outcome else messages.no
        lines.append(
            messages.group_hardest.format(
                statement=item.statement,
                wrong=hard.wrong,
                answered=hard.right + hard.wrong,
                answer=said,
                explanation=item.explanation,
            )
        )
    if not summary.hardest:
        lines.append(messages.group_none_hard)
    return "\n\n".join(lines)
