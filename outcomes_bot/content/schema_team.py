"""The shape of the team flows: ``supervision.yaml``, ``teabrief.yaml`` and ``privacy.yaml``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .schema import Frozen, Id, Text, Variants

Words = Annotated[list[Text], Field(min_length=1)]

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


SENSES = ("security", "continuity", "belonging", "purpose", "achievement", "significance")  # the guide's order
SENSE_WHO = ("person", "family", "worker")  # the guide: "the individual, their family and staff"
Who = Literal["person", "family", "worker"]


class SenseWho(Frozen):
    """For whom a Senses Framework card asks: the person, their family, or the worker; {sense} filled in."""

    id: Who
    card: Text


class SensesCards(Frozen):
    """The Senses Framework's six senses as reflection cards, one per sense and per person the guide names."""

    source: Text
    senses: Annotated[list[Id], Field(min_length=1)]
    question: Text
    who: Annotated[list[SenseWho], Field(min_length=1)]
    examples: dict[Id, dict[Who, Text]] = {}  # the guide's own examples, by sense and for whom


class SupervisionFlow(Frozen):
    """flows/supervision.yaml: supervision preparation, the agenda, reflection cards."""

    person_question: Text
    sections: Annotated[list[PrepSection], Field(min_length=1)]
    agenda: Annotated[list[AgendaItem], Field(min_length=1)]
    card_question: Text
    cards: Annotated[list[Card], Field(min_length=1)]
    differently: Text
    senses: SensesCards


# --- teabrief.yaml ------------------------------------------------------------


class TeaPrompt(Frozen):
    """One tea-brief prompt, posted as its own message for members to reply to."""

    id: Id
    part: Literal["themes", "successes", "actions", "support", "senses"]  # where its answers go in the summary
    text: Text


class Story(Frozen):
    """A learning story from the resource, for the group to discuss."""

    id: Id
    title: Text
    text: Text


class TeaLanguage(Frozen):
    """The words the summary reads an action with (who will do it, by when) and counts themes in.

    The shapes of the patterns are in ``team/tea_words.py``; the words are here, so that a tea-brief
    file in another language can say them in its own.
    """

    letters: Text  # the alphabet, in lower case: a name starts with a capital one, a theme is made of them
    theme_word_shortest: Annotated[int, Field(ge=1, le=20)]  # shorter words never count as a theme
    me: Words  # how the writer says they will do it: "i'll ring the pharmacy"
    us: Words  # how the writer says everyone will: "we will ask"
    name_joiner: Text  # between two names: "Cai and Sam will..."
    will: Words  # after a name: "Cai will...", "Cai is going to..."
    will_joined: Text  # joined on to a name: "Cai'll..."
    not_names: Words  # words that start a sentence with a capital but are not a name: "Try to..."
    by: Text  # before when: "by Friday"
    next: Text  # before a day: "by next Monday"
    days: Words
    soon: Words  # when, in words: "by tomorrow", "by the end of the week"
    month_starts: Words  # how months' names start: a word starting so is that month ("sept", "september")
    ordinal_endings: Words  # after the number of a day: "1st", "2nd"
    of: Text  # between the day and the month: "1st of May"


class TeaBriefFlow(Frozen):
    """flows/teabrief.yaml: tea-brief prompts, learning stories and their discussion questions."""

    minutes: Annotated[int, Field(ge=1, le=7 * 24 * 60)]
    followup_days: Annotated[int, Field(ge=1, le=90)]
    prompts: Annotated[list[TeaPrompt], Field(min_length=1)]
    senses: TeaPrompt  # the optional closing question (``/teabrief senses``); its part is senses
    story_questions: Variants
    stories: Annotated[list[Story], Field(min_length=1)]
    stopwords: Text
    language: TeaLanguage


# --- privacy.yaml ---------------------------------------------------------------


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
