"""The phrase index: searching only the phrases that could match gives exactly the alternation's answer."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outcomes_bot.coach import evaluate
from outcomes_bot.coach.classifier import RuleError, phrase_set, sentences
from outcomes_bot.coach.phrases import Index, needs
from outcomes_bot.text import lowered, normalise


def span(match):
    """A match's span, or None."""
    return match.span() if match else None


@pytest.mark.parametrize(
    "pattern, most_telling, every",
    [
        (r"you\s+(?:should|must)\s+go", {"should", "must"}, [{"should", "must"}, {"go"}, {"you"}]),
        (r"don'?t", {"dont", "don't"}, [{"dont", "don't"}]),
        (r"tell\w*", {"tell"}, [{"tell"}]),
        (r"x{3}", {"xxx"}, [{"xxx"}]),
        (r"(?:never|always)\s+(?:sure)?", {"never", "always"}, [{"never", "always"}]),
        (r"(?:do|does)\s+\w+\s+(?:need|want)", {"need", "want"}, [{"need", "want"}, {"do", "does"}]),
        (r"go[^ab]y", {"go"}, [{"go"}]),  # a negated class is any letter but those
        (r"x(?:ab){1,2}y", {"ab"}, [{"ab"}]),  # "ab" or "abab": only "ab" is certain
        (r"(?i:should) go", {" go"}, [{" go"}]),  # nothing read inside a part that ignores case
        (r"tell(?:ing)?\s+(?:ab){2}", {"abab"}, [{"abab"}, {"tell", "telling"}]),
    ],
)
def test_needs_reads_the_strings_every_match_contains(pattern, most_telling, every):
    found = needs(pattern)
    assert found[0] == most_telling
    assert sorted(map(sorted, found)) == sorted(map(sorted, every))


@pytest.mark.parametrize(
    "pattern", [r"\w+", r"(?:a|\w+)", r"(?i)you", r"(?i:you)", r"(?=you)\w+", r"(?:you)?\s+", "(", r"[^a]+"]
)
def test_needs_is_none_when_nothing_is_certain(pattern):
    assert needs(pattern) is None


@pytest.mark.parametrize(
    "phrase, message",
    [
        ("should)|(?:must", "unbalanced parenthesis"),  # valid only once wrapped: refused, as before the index
        (r"(tea) and \1", "a phrase cannot name a group or refer back to one"),
        ("(?P<w>must) go", "a phrase cannot name a group or refer back to one"),
        ("(?(1)sit|stand)", "a phrase cannot name a group or refer back to one"),
    ],
)
def test_a_phrase_must_be_valid_on_its_own(phrase, message):
    with pytest.raises(RuleError, match=re.escape(message)) as caught:
        phrase_set(["you should", phrase], {}, ("traps", "expert", "phrases"), lower=True)
    assert caught.value.where == ("traps", "expert", "phrases", 1)


def test_rules_stay_hashable(flows):
    assert len({*flows.rules.traps}) == len(flows.rules.traps)


def test_every_shipped_phrase_is_indexed(flows):
    """A phrase the index cannot read is searched for every sentence; none of the shipped ones is."""
    sets = list(flows.rules.phrase_sets())
    assert len(sets) == len(flows.rules.index.groups) > 20
    for rule_id, phrases in sets:
        assert phrases.key >= 0, f"{rule_id}: searched whole"
        assert not phrases.always, f"{rule_id}: phrases {sorted(phrases.always)} need no particular word"


def test_the_index_gives_the_alternations_answer_on_the_corpus(flows):
    """Every group, every corpus sentence (and each side of a 'but', and the words shuffled): same match."""
    rules = flows.rules
    texts = [item.text for item in evaluate.load_corpus(evaluate.default_corpus())]
    shuffler = random.Random(3)
    texts += [" ".join(shuffler.sample(t.split(), len(t.split()))) for t in texts]
    compared = 0
    for text in texts:
        for _, sentence in sentences(normalise(text)):
            low = lowered(sentence)
            seen = rules.index.scan(low)
            cuts = [0] + [m.start() for m in rules.language.contrast.finditer(low)] + [len(low)]
            pieces = {low} | {low[a:b] for a, b in zip(cuts, cuts[1:], strict=False)}
            for group in rules.index.groups:
                for piece in pieces:
                    assert span(group.search(piece, seen)) == span(group.pattern.search(piece)), (piece, group.key)
                    compared += 1
    assert compared > 200_000


WORDS = ["you", "should", "must", "go", "don't", "tell", "not", "never", "sure", "ly", "need", "a"]
TEXT_WORDS = WORDS + ["shouldn't", "mustard", "goes", "tells", "you're", "dont", "nearly", "x", "telly", "ago"]
JOINED = ["you", "go"]  # words joined by one character, in phrases and in text
TEXT_WORDS += [a + c + b for a in JOINED for b in JOINED for c in "-,x;"]
piece = st.one_of(
    st.sampled_from(WORDS),
    st.lists(st.sampled_from(WORDS), min_size=2, max_size=3).map(lambda ws: "(?:" + "|".join(ws) + ")"),
    st.sampled_from(WORDS).map(lambda w: f"(?:{w} )?"),
    st.sampled_from([r"\w+", r"\w*", r"[,;]", r"(?:\w+ ){0,2}", r"\w{2}", r"(?<!not)", r"(?!ly)", ".", "[^,]", r"\b"]),
    st.tuples(st.sampled_from(WORDS), st.sampled_from([r"\w*", "s?", "ly", "(?:s|ing)?"])).map("".join),
    st.tuples(st.sampled_from(JOINED), st.sampled_from([".", "[^;]", r"\W", "[-,x]"]), st.sampled_from(JOINED)).map(
        "".join
    ),
)
phrase = st.lists(piece, min_size=1, max_size=4).map(" ".join)
text = st.lists(st.sampled_from(TEXT_WORDS + [",", ".", "?", " but"]), max_size=14).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(groups=st.lists(st.lists(phrase, min_size=1, max_size=6), min_size=1, max_size=3), said=text)
def test_the_index_gives_the_alternations_answer_for_any_phrases(groups, said):
    index = Index()
    compiled = [index.add(phrase_set(phrases, {}, ("test",), lower=True)) for phrases in groups]
    index.build()
    seen = index.scan(said)
    for phrases in compiled:
        for start in {0, len(said) // 2}:  # a part of the text, searched with what was seen in the whole
            part = said[start:]
            assert span(phrases.search(part, seen)) == span(phrases.pattern.search(part))
