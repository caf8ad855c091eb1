"""Measure the coach against a labelled corpus (``data/corpus.jsonl``).

A pure function from labelled items and the coach's rules to figures: per-trap
and per-move precision, recall and F1; whether any trap was caught, and each
trap by its own name; whether the main trap named was a right one; false
alarms on lines without a trap; neutral talk read as neutral; reflection
precision beside recall; open and closed question F1; a confusion table; and
the same by tag (``neutral``, ``impersonal``, ``speech``...). The labelling
guide is ``data/LABELLING.md``.

The parts: ``corpus`` reads the labelled items, ``metrics`` turns what the
coach made of them into figures and holds the targets, ``scorecard`` prints
them, ``crossval`` cross-validates the word model; the timings are here.
The names callers use are importable from here.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import replace

from .classifier import Rules, classify
from .corpus import SPLITS, TAGS, CorpusError, Item, default_corpus, load_corpus
from .crossval import cross_validate
from .metrics import GATE, QUESTION_KINDS, REFLECTIVE, TARGETS, meets, missed, score
from .scorecard import render

__all__ = [
    "GATE",
    "HARD_INPUTS",
    "QUESTION_KINDS",
    "REFLECTIVE",
    "SPLITS",
    "TAGS",
    "TARGETS",
    "CorpusError",
    "Item",
    "benchmark",
    "cross_validate",
    "default_corpus",
    "evaluate",
    "load_corpus",
    "meets",
    "missed",
    "render",
    "slowest_input",
]


def evaluate(items: list[Item], rules: Rules) -> dict:
    """Every figure for these items, as one JSON-ready object.

    If the rules carry a word model, the headline figures for the rules
    alone are added under ``rules_alone``, so the model must earn its place.
    """
    figures = _figures(items, rules)
    if rules.model is not None:
        alone = _figures(items, replace(rules, model=None))
        figures["rules_alone"] = {name: alone[name] for name in (*TARGETS, "traps", "weakest_trap")}
    return figures


def _figures(items: list[Item], rules: Rules) -> dict:
    """The figures for one way of classifying."""
    return score([(item, classify(item.text, rules=rules, before=item.before)) for item in items])


# Shapes of input that once took seconds (time grew with the square of the length): none may take 50 ms.
HARD_INPUTS = (
    "did you eat " * 5000,
    "a." * 25000,
    "you though " * 5000,
    "you, " * 15000,
    "but " * 15000,
    "no, you didn't, " * 4000,
    "It sounds like you have to " * 2000,
    "x" * 60000,
    "? " * 30000,
)


def slowest_input(rules: Rules, repeat: int = 3) -> dict:
    """The slowest of ``HARD_INPUTS`` (best of ``repeat``, CPU time), in milliseconds."""
    times = []
    for text in HARD_INPUTS:
        best = float("inf")
        for _ in range(repeat):
            start = time.process_time()
            classify(text, rules=rules, before=text[:2000])
            best = min(best, time.process_time() - start)
        times.append((best, text[:20]))
    best, text = max(times)
    return {"slowest_input_ms": round(best * 1000, 1), "slowest_input": text + "…"}


def benchmark(texts: list[str], rules: Rules, repeat: int) -> dict:
    """Classify ``texts`` ``repeat`` times on one core; the median rate and time per utterance.

    Time is this process's CPU time, so other work on a shared machine does not count against it.
    """
    rates = []
    for _ in range(repeat):
        start = time.process_time()
        for text in texts:
            classify(text, rules=rules)
        rates.append(len(texts) / max(time.process_time() - start, 1e-9))
    median = statistics.median(rates)
    groups = [phrases for _, phrases in rules.phrase_sets()]
    return {
        "utterances": len(texts),
        "repeat": repeat,
        "median_per_second": round(median),
        "median_microseconds_each": round(1e6 / median, 1),
        "slowest_run_per_second": round(min(rates)),
        # phrases searched only when a string they need is there (the rest are searched every time)
        "phrases_indexed": sum(len(g.each) - len(g.always) for g in groups if g.key >= 0),
        "phrases": sum(len(g.each) for g in groups),
    }
