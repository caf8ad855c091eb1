"""The shape of ``flows/quiz.yaml``: the guide's 25 statements, their key, and the quiz's wording.

Telegram's own limits for a quiz poll are here too, so the checks can hold
every item to them: a poll question of at most 300 characters, options of at
most 100, and an explanation of at most 200 characters with at most two line
feeds.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .schema import Frozen, Text, one_with

CATEGORY_IDS = ("outcome", "need", "resource", "output")  # the same kinds as the outcome-statement check
Category = Literal["outcome", "need", "resource", "output"]

POLL_QUESTION_MAX = 300
POLL_OPTION_MAX = 100
POLL_EXPLANATION_MAX = 200
POLL_EXPLANATION_LINE_FEEDS = 2


class QuizCategory(Frozen):
    """One of the guide's four terms: what it is called and its definition from the term table."""

    name: Text  # as a person reads it: "need or barrier"
    called: Annotated[list[Text], Field(min_length=1)]  # an item's explanation names one of these
    definition: Text  # the guide's own words


class QuizItem(Frozen):
    """One statement of the guide's quiz, its answer and why."""

    number: int = Field(ge=1)
    statement: Text  # verbatim from the guide
    outcome: bool  # the answer to "Is this a personal outcome?"
    category: Category
    explanation: Text  # shown after answering: names the category and why
    reasoning: Text  # for trainers: the guide's words the answer rests on
    doubt: Text | None = None  # where the guide leaves room for another reading


class QuizSizes(Frozen):
    """How many statements a quiz asks, by where it is played."""

    private: int = Field(ge=1)
    group: int = Field(ge=1)
    terminal: int = Field(ge=1)
    group_hardest: int = Field(ge=1)  # at most this many hard statements are explained in a group summary
    group_minutes: int = Field(ge=1, le=10)  # a team round closes after this; a poll's open_period is <= 600 s


class QuizMessages(Frozen):
    """Every sentence the quiz says. ``{name}`` is filled in by the program."""

    intro: Text
    question: Text  # {position} {count} {statement}; a Telegram poll question
    yes: Text  # poll option and the terminal's word for the answer
    no: Text
    yes_words: Annotated[list[Text], Field(min_length=1)]  # what a terminal line may say for yes
    no_words: Annotated[list[Text], Field(min_length=1)]
    answer_hint: Text  # after a question in the terminal
    ask_again: Text  # {line}
    right: Text  # {explanation}
    wrong: Text  # {answer} {explanation}
    result: Text  # {score} {total}
    come_back: Text  # {numbers}
    all_right: Text
    ran_out: Text  # {answered} {count}
    again: Text  # on Telegram, after the result
    group_intro: Text  # {count} {minutes}
    group_running: Text  # a round is open in the group already
    group_nothing_open: Text  # /quiz end with no round open
    group_result: Text  # {answers} {right} {most}
    group_hardest: Text  # {statement} {wrong} {answered} {answer} {explanation}
    group_none_hard: Text
    group_nobody: Text


class QuizFlow(Frozen):
    """flows/quiz.yaml: the personal-outcomes quiz."""

    source: Text
    note: Text
    sizes: QuizSizes
    categories: dict[Category, QuizCategory]
    items: Annotated[list[QuizItem], Field(min_length=1)]
    messages: QuizMessages

    def item(self, number: int) -> QuizItem:
        """The item with this number; KeyError if there is none."""
        return one_with(self.items, "number", number)
