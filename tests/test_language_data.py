"""The coach's language rules are data: the phrase index's common words come from coach.yaml, checked with file:line."""

from __future__ import annotations

from pathlib import Path

import flowcopy
from flowcopy import tree_errors

from outcomes_bot.coach import phrases
from outcomes_bot.coach.classifier import classify, compile_rules
from outcomes_bot.coach.evaluate import default_corpus, load_corpus
from outcomes_bot.content.flows import flows_dir

SHIPPED = flows_dir()
ANCHOR = '  common_words: [you, your, "you\'re",'


def with_change(tmp_path: Path, old: str, new: str) -> list[str]:
    """Copy the shipped flows, change coach.yaml once, and return the errors as text."""
    return tree_errors(tmp_path, "coach.yaml", old, new)


def line_of(needle: str) -> int:
    """The line a piece of text is on in the shipped coach.yaml."""
    return flowcopy.line_of("coach.yaml", needle)


def test_the_common_words_are_read_from_coach_yaml(flows):
    assert flows.rules.language.common_words == frozenset(flows.coach.language.common_words)
    assert {"you", "the", "i'm"} <= flows.rules.language.common_words
    assert not hasattr(phrases, "COMMON")  # no English word list left in the phrase index


def test_a_common_word_listed_twice_is_named_with_its_line(tmp_path):
    errors = with_change(tmp_path, ANCHOR, '  common_words: [you, you, "you\'re",')
    assert errors == [
        f"coach.yaml:{line_of(ANCHOR)}: language.common_words[1]: 'you' is listed twice. Fix: remove one of them"
    ]


def test_a_common_word_must_be_one_lower_case_word(tmp_path):
    errors = with_change(tmp_path, ANCHOR, '  common_words: [You, your, "you\'re",')
    assert len(errors) == 1 and errors[0].startswith(f"coach.yaml:{line_of(ANCHOR)}: language.common_words[0]: ")
    assert errors[0].endswith(
        "Fix: write one word in lower case, as it is typed: letters, digits or an apostrophe, no spaces"
    )


def test_the_common_words_change_how_quickly_the_coach_reads_never_what_it_finds(flows):
    """Another language's file brings its own common words; they steer the index, not the answers."""
    other = flows.coach.model_copy(
        update={"language": flows.coach.language.model_copy(update={"common_words": ["zzz"]})}
    )
    rules = compile_rules(other)
    wants = [group.wants for group in rules.index.groups]
    assert wants != [group.wants for group in flows.rules.index.groups]
    items = load_corpus(default_corpus())[::20]
    for item in items:
        assert classify(item.text, rules=rules, before=item.before) == classify(
            item.text, rules=flows.rules, before=item.before
        ), item.id
