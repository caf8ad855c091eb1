"""Texting shorthand: read as the words it stands for, and quoted as typed."""

from __future__ import annotations

import pytest

from outcomes_bot.coach.classifier import classify
from outcomes_bot.coach.shorthand import Shorthand

SHORT = Shorthand({"u": "you", "r": "are", "ur": "your"}, {"ur": ("you're", frozenset({"worried", "not"}))})


@pytest.mark.parametrize(
    "typed, read",
    [
        ("how r u", "how are you"),
        ("ur worried about ur son", "you're worried about your son"),
        ("u'll be fine", "you'll be fine"),
        ("a u-bend and a ur-text", "a u-bend and a ur-text"),  # part of a longer word: left alone
        ("run u r", "run you are"),
        ("nothing to spell out", "nothing to spell out"),
    ],
)
def test_shorthand_is_spelt_out_whole_words_only(typed, read):
    assert SHORT.read(typed).text == read


def test_every_character_read_maps_back_to_what_was_typed():
    reading = SHORT.read("so ur worried")
    assert reading.text == "so you're worried"
    start = reading.text.index("you're worried")
    assert reading.span(start, len(reading.text)) == (3, len("so ur worried"))
    assert reading.span(0, 2) == (0, 2)
    assert SHORT.read("plain").span(1, 3) == (1, 3)


@pytest.mark.parametrize(
    "typed, move",
    [
        ("ur worried the money wont stretch to the end of the month", "reflection"),
        ("how r u getting on with the new frame", "open_question"),
        ("wat would u like to happen with the garden this summer", "open_question"),
        ("on a scale of 1 to 10 how confident r u about the stairs", "scaling_question"),
        ("r u warm enough", "closed_question"),
    ],
)
def test_the_coach_reads_texting_as_it_would_the_words(flows, typed, move):
    assert move in classify(typed, rules=flows.rules).move_ids


@pytest.mark.parametrize("words", ["U r wrong", "Ur wrong", "u are wrong"])
def test_evidence_quotes_what_was_typed(flows, words):
    typed = f"Honestly {words}, ur daughter came on Sunday"
    (trap,) = classify(typed, rules=flows.rules).traps
    assert trap.id == "confrontational"
    assert trap.evidence == words and typed[trap.start :].startswith(words)


def test_open_and_closed_questions_typed_without_a_question_mark(flows):
    assert classify("whats been happening since i saw u last", rules=flows.rules).questions == ("open_question",)
    assert classify("did u sleep ok", rules=flows.rules).questions == ("closed_question",)
