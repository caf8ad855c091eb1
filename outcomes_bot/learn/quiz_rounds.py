"""The quiz played over time and kept in the store: a worker's own quiz, poll by poll, and a team round.

The marking is ``quiz.py``'s; this decides what to ask next and what to keep.
A front end sends each ``Reply`` of kind ``poll`` as a quiz poll (its ``data``
holds the options, the right one and the explanation), tells ``sent`` the poll's
id, and hands every answer to ``answered`` (a worker's own poll) or
``counted`` (a team round's poll, whose state carries counts only).

In a private chat one poll is open at a time; each answer is marked, kept in
the worker's history (so the ones answered wrongly come first next time), and
answered with the next poll or, after the last, the result. In a group the
round's polls go out together, anonymous, and the summary is made from counts
per statement when the round closes: it cannot name anyone, because no one's
answers are ever seen. A team's last results are kept under ``group:<chat id>``
so its next round starts with the statements most of it missed.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from ..clock import later
from ..content.flows import Flows
from ..content.schema_learn_quiz import QuizFlow
from ..replies import Reply
from ..service import Service
from ..store.database import Store
from . import quiz as marking

POLL = "poll"  # the kind of reply that is a quiz poll


@dataclass(frozen=True)
class Answered:
    """What answering a poll leads to: replies for the chat the poll was in (the next poll, or the result)."""

    chat_id: int
    replies: list[Reply]


def team(chat_id: int) -> str:
    """The name a group's results are kept under: a team, not a person."""
    return f"group:{chat_id}"


class QuizRounds(Service):
    """Start quizzes, record the polls sent, mark answers, and sum up a team round from counts."""

    def __init__(self, flows: Flows, store: Store):
        super().__init__(flows, store)
        self.quiz: QuizFlow = flows.quiz

    def _choose(self, history_of: str, size: int, seed: int | None) -> list[int]:
        """``size`` statements: those answered wrongly before first, then unseen ones, then the rest."""
        history = self.store.quiz_history(history_of)
        wrong = {n for n, right in history.items() if not right}
        seed = secrets.randbelow(2**31) if seed is None else seed
        return marking.pick(self.quiz.items, wrong, size, seed=seed, seen=history.keys())

    def _poll(self, number: int, position: int, count: int, group: bool) -> Reply:
        """A poll reply for one statement."""
        made = marking.poll(self.quiz, number, position, count)
        data = {
            "number": number,
            "position": position,
            "options": list(made.options),
            "correct": made.correct_option_id,
            "explanation": made.explanation,
            "group": group,
        }
        return Reply(POLL, made.question, data=data)

    # --- a worker's own quiz ------------------------------------------------------------

    def start_private(self, user: str, chat_id: int, seed: int | None = None) -> list[Reply]:
        """``/quiz`` in a private chat: the introduction and the first poll (a quiz running there is replaced)."""
        numbers = self._choose(user, self.quiz.sizes.private, seed)
        self.store.start_quiz_run(chat_id, user, numbers)
        intro = Reply("text", self.quiz.messages.intro.format(count=len(numbers)))
        return [intro, self._poll(numbers[0], 1, len(numbers), group=False)]

    def sent(self, poll_id: str, chat_id: int, poll: Reply, user: str | None) -> None:
        """The front end sent ``poll`` as Telegram poll ``poll_id``: remember it until it is answered."""
        self.store.add_quiz_poll(poll_id, chat_id, user, poll.data["number"], poll.data["position"])

    def answered(self, poll_id: str, user: str, option_ids: Sequence[int]) -> Answered | None:
        """A worker chose an option in a poll of their own quiz: the next poll, or the result.

        None, and nothing changes, for a poll the bot is not waiting on (unknown, forged, from a
        quiz since replaced or ended), one that is not this person's, a group's poll (counted
        only from its state, see ``counted``), or an answer taken back or not one option.
        """
        poll = self.store.quiz_poll(poll_id)
        if poll is None or poll["is_group"] or poll["user"] != user or len(option_ids) != 1:
            return None
        if option_ids[0] not in (marking.YES_OPTION, marking.NO_OPTION):
            return None
        run = self.store.quiz_run(poll["chat_id"])
        if run is None or run["user"] != user or len(run["answers"]) >= len(run["numbers"]):
            return None
        given = marking.answer(self.quiz, poll["number"], marking.said_from_option(option_ids[0]))
        answers = run["answers"] + [[given.number, given.said_outcome, given.right]]
        self.store.record_private_answer(poll, answers, given.right)
        numbers = run["numbers"]
        if len(answers) < len(numbers):
            position = len(answers) + 1
            return Answered(poll["chat_id"], [self._poll(numbers[position - 1], position, len(numbers), group=False)])
        self.store.end_quiz_run(poll["chat_id"])
        result = marking.score(marking.Answer(n, said, right) for n, said, right in answers)
        lines = marking.result_lines(self.quiz, result) + [self.quiz.messages.again]
        return Answered(poll["chat_id"], [Reply("text", "\n\n".join(lines), data={"quiz_result": result.as_json()})])

    # --- a team round in a group ----------------------------------------------------------

    def start_group(self, chat_id: int, seed: int | None = None) -> list[Reply]:
        """``/quiz`` in a group: the introduction and the round's polls, or a note if one is running."""
        if self.store.quiz_run(chat_id) is not None:
            return [Reply("text", self.quiz.messages.group_running)]
        numbers = self._choose(team(chat_id), self.quiz.sizes.group, seed)
        minutes = self.quiz.sizes.group_minutes
        closes_at = later(minutes=minutes)
        self.store.start_quiz_run(chat_id, None, numbers, closes_at=closes_at)
        intro = self.quiz.messages.group_intro.format(count=len(numbers), minutes=minutes)
        polls = [self._poll(n, i, len(numbers), group=True) for i, n in enumerate(numbers, start=1)]
        return [Reply("text", intro, data={"quiz_closes": closes_at, "seconds": minutes * 60})] + polls

    def counted(self, poll_id: str, voters: Sequence[int]) -> bool:
        """A team poll's state: how many chose each option (Telegram's counts). False if it is not a team poll."""
        poll = self.store.quiz_poll(poll_id)
        if poll is None or not poll["is_group"] or len(voters) != 2 or min(voters) < 0:
            return False
        correct = marking.YES_OPTION if self.quiz.item(poll["number"]).outcome else marking.NO_OPTION
        self.store.set_group_counts(poll_id, voters[correct], voters[1 - correct])
        return True

    def close_group(self, chat_id: int, quietly: bool = False) -> list[Reply]:
        """Close a group's round: the summary from counts per statement. With ``quietly``, nothing if none is open."""
        run = self.store.quiz_run(chat_id)
        if run is None or run["user"] is not None:
            return [] if quietly else [Reply("text", self.quiz.messages.group_nothing_open)]
        tallies = [marking.Tally(r["number"], r["right"], r["wrong"]) for r in self.store.group_counts(chat_id)]
        summary = marking.group_summary(self.quiz, tallies)
        self.store.end_quiz_run(chat_id, history_of=team(chat_id), results=marking.group_results(tallies))
        return [Reply("text", marking.group_text(self.quiz, summary), data={"quiz_closed": chat_id})]

    # --- the terminal ------------------------------------------------------------------------

    def terminal_numbers(self, user: str, size: int) -> list[int]:
        """The statements for a terminal quiz: wrongly answered ones first, otherwise in the guide's order."""
        history = self.store.quiz_history(user)
        wrong = {n for n, right in history.items() if not right}
        return marking.pick(self.quiz.items, wrong, size, seen=history.keys())

    def keep(self, user: str, answers: Sequence[marking.Answer]) -> None:
        """Remember a terminal run's answers in the worker's history."""
        self.store.remember_quiz(user, marking.from_answers(answers))
