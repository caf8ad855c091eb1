"""The shape of ``flows/recording.yaml``: the guide's 12 recording principles and the checks a note can show.

A check looks for words in a note. An ``avoid`` check finds what goes against a
principle (service language, jargon, labels); a ``show`` check finds what shows
it (the person's own words, the why). Words are whole words in any case;
``exact`` words must match their case ("SU", "PRN"); ``patterns`` are Python
regular expressions. Each may carry what to write instead.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .schema import Frozen, Id, Text

Suggestions = dict[Text, Text | None]  # a word or pattern -> what to write instead (or nothing)


class Triggers(Frozen):
    """What a check looks for in a note."""

    words: Suggestions = {}  # whole words or phrases, any case; spaces match any run of spaces
    exact: Suggestions = {}  # whole words, this case only
    patterns: Suggestions = {}  # Python regular expressions, with their own word boundaries


class RecordCheck(Frozen):
    """One check over a note, and what to say for each way it comes out."""

    mode: Literal["avoid", "show"]
    find: Triggers
    unless: Triggers = Triggers()  # an avoid finding is excused by one of these in the same scope
    unless_shown: list[Id] = []  # ...or by what these show checks find in the same scope
    scope: Literal["sentence", "note"] = "sentence"  # where an excuse must be
    if_nothing: bool | None  # the result when nothing is found (None: cannot tell)
    advice: Text  # said when the check is not met: kind, and what to write
    praise: Text  # said when it is met
    unknown: Text | None = None  # said when it cannot tell (needed when if_nothing is null)


class Principle(Frozen):
    """One of the guide's 12 principles for outcomes-focused recording."""

    id: Id
    number: int = Field(ge=1)
    group: Text  # the guide's heading it sits under
    title: Text  # the guide's words
    checks: list[Id] = []  # the checks that show it in a note
    cannot: Text | None = None  # why a single note cannot show it (when there are no checks)


class RecordingMessages(Frozen):
    """Every sentence the recording review says. ``{name}`` is filled in by the program."""

    intro: Text
    empty: Text
    too_long: Text  # {max}
    cli_empty: Text  # record-check was given no note
    cli_too_long: Text  # {length} {max}: record-check refuses a note over max_chars
    cli_not_text: Text  # record-check was given a file that is not UTF-8 text
    heading: Text
    concerns: Text
    shows: Text
    cannot_tell: Text
    principle: Text  # {number} {title}
    advice: Text  # {advice}
    evidence: Text  # {text}
    evidence_instead: Text  # {text} {instead}
    cannot_list: Text  # {numbers}
    labels: Text  # {labels}
    identifying: Text  # {details}
    keep_question: Text
    keep_button: Text
    discard_button: Text
    discarded: Text


class RecordingFlow(Frozen):
    """flows/recording.yaml: the recording principles, the checks and the review's wording."""

    source: Text
    note: Text
    max_chars: int = Field(ge=200, le=20000)  # a note longer than this is reviewed only this far
    evidence_shown: int = Field(ge=1, le=20)  # at most this many quotes per principle in the text review
    labels: Id  # the check whose findings are listed as labels
    principles: Annotated[list[Principle], Field(min_length=1)]
    checks: dict[Id, RecordCheck]
    messages: RecordingMessages
