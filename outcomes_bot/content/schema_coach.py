"""The shape of ``flows/coach.yaml``: the coach's phrases, thresholds, shorthand and language rules."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from .schema import Frozen, Id, Text

# --- coach.yaml -------------------------------------------------------------


class CoachSettings(Frozen):
    """Numbers that tune the coach."""

    rapid_fire_questions: int = Field(ge=2)
    closed_streak: int = Field(ge=2)
    summary_min_words: int = Field(ge=5)
    summary_min_parts: int = Field(ge=2)
    summary_check_back_parts: int = Field(ge=2)
    rising_min_words: int = Field(ge=1)  # a statement about the person this long said with a '?' is a reflection
    praise_every: int = Field(ge=1)
    unread: list[Id] = []  # neutral kinds the coach cannot read (another language): no moves are found in them
    read_chars: int = Field(ge=100)  # the coach reads this many characters of a reply, and no more
    echo_share: float = Field(gt=0, le=1)  # this share of a statement's content words said just before is an echo
    frames_excuse: list[Id] = []  # traps not named inside a reflective frame
    permission_allows: list[Id] = []
    asked_allows: list[Id] = []  # traps not named when the person has just asked for it
    says_back_share: float = Field(gt=0, le=1)  # this share of a trap sentence's words being theirs excuses it
    contradiction_trap: Id  # the trap a reply names when it contradicts what the person just said
    trap_priority: list[Id] = Field(min_length=1)


class TrapRules(Frozen):
    """A trap: the resource's words for it, and the phrases that detect it."""

    name: Text
    motto: Text
    definition: Text
    try_next: Text
    trust: int = Field(le=0, ge=-10)
    phrases: list[Text] = []
    unless: list[Text] = []


class MoveRules(Frozen):
    """A skilled move: its name, its praise line, and the phrases that detect it."""

    name: Text
    trust: int = Field(ge=0, le=10)
    praise: Text
    questions_only: bool = False
    phrases: list[Text] = Field(min_length=1)
    unless: list[Text] = []
    fallback: list[Text] = []  # phrases that count only when nothing else was found in the sentence


class Thresholds(Frozen):
    """MITI-style thresholds for a report figure: at or above is fair, or good."""

    fair: float = Field(ge=0)
    good: float = Field(ge=0)


class ReportThresholds(Frozen):
    """The thresholds for the report's two MITI figures."""

    open_question_pct: Thresholds
    reflection_to_question: Thresholds


WORD_PATTERN = r"^[a-z0-9']+$"
Word = Annotated[str, StringConstraints(pattern=WORD_PATTERN)]  # one lower-case word, as typed


class ShorthandBefore(Frozen):
    """A shorthand word that means something else before certain words ("ur worried": "you're")."""

    means: Text
    words: list[Word] = Field(min_length=1)


class ShorthandRules(Frozen):
    """Texting shorthand, spelt out before the coach's phrases are tried."""

    means: dict[Word, Text] = {}
    before: dict[Word, ShorthandBefore] = {}


class LanguageRules(Frozen):
    """How the coach reads the language, beside its phrases: regular expressions, matched ignoring case.

    A second language is a second coach file with its own patterns here.
    """

    continues: Text  # a sentence that carries on the one before ("But...", "Still,...", "..., though.")
    contrast: Text  # a word that turns a sentence round ("but"): traps are looked for on each side of it
    question_tag: Text  # a statement made a question by its tail (", isn't it", ", right")
    clause_break: Text  # where one question in a string of them ends
    alternative: Text  # the clause break that offers a choice ("..., or would you rather...?")
    aside: Text  # a tail that asks nothing new ("..., do you think?")
    run_on_question: Text  # where a new question starts in a run typed without commas
    not_before_run_on: Text  # ...unless the words just before it say otherwise ("how did you")
    subordinate: Text  # a clause that opens like a question but is not one ("when you", "if they")
    summary_parts: Text  # what separates the things a summary gathers
    addressed: Text  # a line said to or about someone: the word model speaks only on these
    you: Text  # the person addressed, in a summary's parts
    check_back: Text  # a sentence that checks back what was heard ("Have I got that right?")
    request: Text  # the person asking something of the worker ("Can you...?", "...?")
    asked_anyway: Text  # a question even when written with a full stop ("I was wondering what...")
    advice_request: Text  # the person asking what to do: advice then is information ("What should I do?")
    negation: Text  # a word that says no ("not", "never", "n't")
    short_reply: Text  # a reply of a subject and an auxiliary alone ("You haven't.", "We did, Bernard.")
    correction: Text  # where a correction starts ("..., not last week")
    said_back: dict[Word, Word] = {}  # "you" words as the person said them ("you": "i"), to hear their words said back
    function_words: list[Word] = Field(min_length=1)  # words that carry no content, for echoing what was said
    common_words: list[Word] = Field(min_length=1)  # words in nearly every sentence: the phrase index prefers others


class Rewrite(Frozen):
    """A better way built from the worker's words: a pattern with named groups, and the line to offer."""

    traps: list[Id] = Field(min_length=1)
    to: Text
    from_: Text = Field(alias="from")


class NeutralRules(Frozen):
    """A kind of neutral talk (greeting, goodbye, thanks, logistics): neither skilled nor a trap."""

    name: Text
    phrases: list[Text] = Field(min_length=1)
    unless: list[Text] = []


class CoachFlow(Frozen):
    """flows/coach.yaml: the coach's rules."""

    words: dict[Id, Text]
    language: LanguageRules
    shorthand: ShorthandRules = ShorthandRules()
    frames: list[Text] = []  # reflective frames: openings that say back the person's own world
    contradiction: list[Text] = []  # telling the person they are wrong, unless they had just asked
    rewrites: list[Rewrite] = []  # better ways built from the worker's own words
    ing: list[Annotated[list[str], Field(min_length=2, max_length=2)]] = []  # [pattern, replacement]: the -ing form
    word_classes: dict[Id, list[Word]] = {}  # words the word model may treat alike ("booked", "cancelled": <act>)
    neutral: dict[Id, NeutralRules] = {}
    question_starts: list[Text] = Field(min_length=1)
    settings: CoachSettings
    thresholds: ReportThresholds
    traps: dict[Id, TrapRules]
    moves: dict[Id, MoveRules]
