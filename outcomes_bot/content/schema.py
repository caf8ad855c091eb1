"""The shape of every flow file, as immutable pydantic models.

This is the first validation pass (the schema). Unknown keys are refused, so
a misspelt key is an error rather than silently ignored. The second pass,
the semantic checks, lives in ``checks.py``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

TRAP_IDS = ("expert", "power", "problem_solving", "question_answer", "yes_but", "labelling", "confrontational")
MOVE_IDS = (
    "open_question",
    "closed_question",
    "reflection",
    "summary",
    "asking_permission",
    "scaling_question",
    "strengths_question",
    "affirmation",
    "repair",
)
STRENGTH_KINDS = ("soft_individual", "soft_community", "hard_individual", "hard_community")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]  # fits in button data
Variants = Annotated[list[Text], Field(min_length=1)]
Trust = Annotated[int, Field(ge=0, le=10)]


class Frozen(BaseModel):
    """Base for flow models: immutable, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


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


# --- practice.yaml ----------------------------------------------------------


class Stage(Frozen):
    """One of the five conversation stages."""

    id: Id
    number: int = Field(ge=1, le=5)
    name: Text
    hint: Text
    example: Text | None = None  # an example from the guide, where it gives one
    replies: list[Id] = Field(min_length=1)
    credit: list[Id] = []


class Transition(Frozen):
    """A machine transition, written as plain data for ``transitions``."""

    trigger: Id
    source: list[Id] = Field(min_length=1)
    dest: Id
    conditions: list[Id] = []


class MoveAct(Frozen):
    """What a move does to the conversation: its machine trigger and reply kinds."""

    act: Id
    replies: list[Id] = Field(min_length=1)
    cues: dict[Id, list[Text]] = {}


class Encouragers(Frozen):
    """What "go on" and "mm" can earn on their own: trust for the first few, and at most some facts."""

    trust: int = Field(ge=0, le=3)
    times: int = Field(ge=0)
    facts: int = Field(ge=0)


class PracticeFlow(Frozen):
    """flows/practice.yaml: the stage machine shared by every scenario."""

    initial: Id
    final: Id
    guarded_below: Trust
    min_variants: int = Field(ge=1)
    capture_words: int = Field(ge=1)
    repeat_openers: list[Text] = Field(min_length=1)
    stages: list[Stage] = Field(min_length=1)
    transitions: list[Transition] = Field(min_length=1)
    moves: dict[Id, MoveAct]
    no_move: MoveAct
    any_reply_kinds: list[Id] = Field(min_length=1)
    optional_reply_kinds: list[Id] = []  # pools a scenario's `any` may have; without one the person falls back
    neutral_replies: dict[Id, list[Id]] = {}  # neutral talk (a greeting, "go on") -> the reply pools to try
    encourager: Encouragers


# --- scenarios/*.yaml -------------------------------------------------------


class Pronouns(Frozen):
    """How the coach refers to the person."""

    subject: Text
    object: Text
    possessive: Text


class Person(Frozen):
    """Who the person is."""

    name: Text
    pronouns: Pronouns
    about: Text


class Reveal(Frozen):
    """Something the person says only when trust is high and the question fits."""

    id: Id
    text: Text
    think: Text
    trust: Trust
    moves: list[Id] = Field(min_length=1)
    cues: list[Text] = []


class Outcome(Frozen):
    """The person's hidden personal outcome, and how a summary shows it."""

    statement: Text
    cues: list[Text] = Field(min_length=1)
    min_cues: int = Field(ge=1)
    reveal: Reveal


class Strength(Frozen):
    """One strength from a strengths map."""

    kind: Literal[STRENGTH_KINDS]  # type: ignore[valid-type]
    text: Text
    cues: list[Text] = Field(min_length=1)


class Better(Frozen):
    """A better way to say it, for a moment of the conversation: in these stages, once these facts are known."""

    text: Text
    stages: list[Annotated[int, Field(ge=1, le=5)]] = []  # any stage if empty
    after: list[Id] = []  # ids of the outcome's reveal or facts the person must have told; none if empty


class TrapNotes(Frozen):
    """How this person reacts to a trap, and the scenario's better ways, chosen to fit the moment."""

    reactions: Variants
    why: Text
    better: Annotated[list[Better], Field(min_length=1)]
    think: Text

    @field_validator("better", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        """A plain line is one better way for any moment."""
        if isinstance(value, str):
            return [{"text": value}]
        if isinstance(value, list):
            return [{"text": item} if isinstance(item, str) else item for item in value]
        return value


class Scenario(Frozen):
    """flows/scenarios/<id>.yaml: one person to practise with."""

    id: Id
    title: Text
    summary: Text
    source: Text
    person: Person
    setting: Text
    referral: Text
    outcome: Outcome
    strengths: list[Strength] = Field(min_length=4)
    worries: Variants
    risks: Variants
    start_trust: Trust
    opening: Variants
    facts: list[Reveal] = Field(min_length=4)
    replies: dict[Id, dict[Id, Variants]]
    guarded: Variants
    closing: Variants
    traps: dict[Id, TrapNotes]
    thoughts: dict[Id, Variants]


# --- messages.yaml ----------------------------------------------------------


class Messages(Frozen):
    """flows/messages.yaml: every short system message, in one place."""

    language: Text
    texts: dict[Id, Text]


# --- supervision.yaml --------------------------------------------------------


class PrepSection(Frozen):
    """One section of supervision preparation: questions asked one at a time."""

    id: Id
    title: Text
    agenda: Id  # the agenda item its answers go under
    questions: Variants


class AgendaItem(Frozen):
    """One part of an outcome-focused supervision agenda, in the resource's order."""

    id: Id
    title: Text
    note: Text  # what the item is for, shown when there is nothing under it yet


class Card(Frozen):
    """A reflection card: a situation to think about."""

    id: Id
    situation: Text


class SupervisionFlow(Frozen):
    """flows/supervision.yaml: supervision preparation, the agenda, reflection cards."""

    person_question: Text
    sections: Annotated[list[PrepSection], Field(min_length=1)]
    agenda: Annotated[list[AgendaItem], Field(min_length=1)]
    card_question: Text
    cards: Annotated[list[Card], Field(min_length=1)]
    differently: Text


# --- teabrief.yaml ------------------------------------------------------------


class TeaPrompt(Frozen):
    """One tea-brief prompt, posted as its own message for members to reply to."""

    id: Id
    part: Literal["themes", "successes", "actions", "support"]  # where its answers go in the summary
    text: Text


class Story(Frozen):
    """A learning story from the resource, for the group to discuss."""

    id: Id
    title: Text
    text: Text


class TeaBriefFlow(Frozen):
    """flows/teabrief.yaml: tea-brief prompts, learning stories and their discussion questions."""

    minutes: Annotated[int, Field(ge=1, le=7 * 24 * 60)]
    followup_days: Annotated[int, Field(ge=1, le=90)]
    prompts: Annotated[list[TeaPrompt], Field(min_length=1)]
    story_questions: Variants
    stories: Annotated[list[Story], Field(min_length=1)]
    stopwords: Text


# --- privacy.yaml ---------------------------------------------------------------

Words = Annotated[list[Text], Field(min_length=1)]


class PrivacyFlow(Frozen):
    """flows/privacy.yaml: the words that help spot details that could identify someone."""

    titles: Words
    titles_ambiguous: list[Text]  # in capitals, these count only before a known name ("MR" modified release)
    family_titles: Words
    name_prefixes: list[Text]
    given_names: Words
    surnames: Words
    everyday_words: list[Text]  # names that are also everyday words: they need a capital and a known surname
    not_names: Words
    not_before_names: list[Text]
    well_known: list[Text]  # programmes, products, organisations and famous people: not flagged
    street_words: Words
    street_words_capitalised: list[Text]
    street_words_before: list[Text]
    function_words: Words
    birth_words: Words
    birthday_words: list[Text]
