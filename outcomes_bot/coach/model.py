"""A small word model that backs up the coach's rules on traps they miss.

Logistic regression over the words, word pairs and word triples of an
utterance, and the same runs with words put in their classes (``word_classes``
in ``flows/coach.yaml``: "booked" and "cancelled" are both ``<act>``, so "I
<act>" learnt from one is heard in the other), one model for "is this a trap
at all" and one per trap for "which". It is
trained on the corpus's dev split only (``outcomes-bot model train``), ships
as a JSON file inside the package, loads offline and gives the same answer
every time. It only speaks when the rules found no trap, and its evidence is
the run of two or three words that weighed most towards the trap it names.
Its thresholds were chosen by writer-grouped cross-validation on the dev
split (``evaluate.cross_validate``, ``outcomes-bot model cv``). The word
classes it was trained with are saved with it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

from ..content.schema import TRAP_IDS

MODEL_PATH = Path(__file__).parent / "trap_model.json"
MIN_EVIDENCE = 0.2  # the least weight a run of words must carry to be shown as the reason
MIN_TRAP_SCORE = 0.1  # "a trap, but none in particular" is too vague to tell a worker
# The question-and-answer trap is a matter of counting questions, which the rules do exactly.
PHRASE_TRAPS = tuple(t for t in TRAP_IDS if t != "question_answer")
TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\?")


Feature = tuple[str, int, int]  # (words, start, end) in the text
Classes = dict[str, str]  # word -> its class, written "<name>"


def features(text: str, classes: Classes | None = None) -> list[Feature]:
    """Words, word pairs and word triples of an utterance, with where they are, and the runs that have
    a word in its class ("i <act>") beside them.

    ``text`` is as the coach reads it: lower-case, texting shorthand spelt out (``coach.reading``).
    """
    tokens = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
    found = _grams(tokens)
    if classes:
        classed = [(classes.get(word, word), start, end) for word, start, end in tokens]
        found += [f for f in _grams(classed) if "<" in f[0]]
    return found


def _grams(tokens: list[Feature]) -> list[Feature]:
    """The runs of one, two and three tokens."""
    found = []
    for index, (word, start, end) in enumerate(tokens):
        found.append((word, start, end))
        if index + 1 < len(tokens):
            second = tokens[index + 1]
            found.append((f"{word} {second[0]}", start, second[2]))
            if index + 2 < len(tokens):
                third = tokens[index + 2]
                found.append((f"{word} {second[0]} {third[0]}", start, third[2]))
    return found


def runs(text: str, classes: Classes | None = None) -> set[str]:
    """The same runs as ``features``, without positions: the fast path for scoring."""
    words = TOKEN.findall(text)
    found = _runs(words)
    if classes:
        found |= {run for run in _runs([classes.get(w, w) for w in words]) if "<" in run}
    return found


def _runs(words: list[str]) -> set[str]:
    """Words, pairs and triples as strings."""
    pairs = list(map(" ".join, zip(words, words[1:], strict=False)))
    return {*words, *pairs, *map(" ".join, zip(pairs, words[2:], strict=False))}


def word_classes(lists: dict[str, list[str]]) -> Classes:
    """``word_classes`` from coach.yaml (class name -> words) as a map from each word to "<name>"."""
    return {word: f"<{name}>" for name, words in lists.items() for word in words}


@dataclass(frozen=True)
class TrapModel:
    """Weights for 'any trap' and for each trap, and the threshold for speaking up."""

    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    threshold: float
    cautious_threshold: float
    classes: Classes = field(default_factory=dict)  # the word classes it was trained with

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "TrapModel | None":
        """The shipped model, or None if there is none."""
        if not path.exists():
            return None
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    @classmethod
    def from_dict(cls, data: dict) -> "TrapModel":
        """A model from what ``train`` returns (or the shipped JSON)."""
        return cls(
            weights=data["weights"],
            bias=data["bias"],
            threshold=data["threshold"],
            cautious_threshold=data["cautious_threshold"],
            classes=data.get("classes", {}),
        )

    def score(self, label: str, words: set[str]) -> float:
        """The probability the model gives ``label`` for these words and word pairs."""
        total = self.bias[label] + sum(map(self.weights[label].get, words, repeat(0.0)))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, total))))

    def predict(self, text: str, cautious: bool = False) -> tuple[str, int, int] | None:
        """(trap id, start, end of the evidence) if the model is confident a trap is here, else None.

        ``text`` is lower-case. When the rules half-heard a skilled move (a
        statement that might be a reflection), the model is ``cautious`` and
        must be surer. The trap named must itself be likely, and the
        evidence is always a run of two or three words that weighs towards it.
        """
        words = runs(text, self.classes)
        if not words or self.score("any", words) < (self.cautious_threshold if cautious else self.threshold):
            return None
        trap = max(PHRASE_TRAPS, key=lambda t: (self.score(t, words), -TRAP_IDS.index(t)))
        if self.score(trap, words) < MIN_TRAP_SCORE:
            return None
        table = self.weights[trap]
        shown = [f for f in features(text, self.classes) if " " in f[0] and table.get(f[0], 0.0) >= MIN_EVIDENCE]
        if not shown:
            return None  # a single word is too thin a reason to tell a worker they fell into a trap
        _, start, end = max(shown, key=lambda f: (table.get(f[0], 0.0), -f[1]))
        return trap, start, end


def train(
    texts: list[str],
    labels: list[tuple[str, ...]],
    threshold: float,
    cautious_threshold: float,
    epochs: int = 30,
    rate: float = 0.2,
    l2: float = 1e-2,
    min_count: int = 2,
    classes: Classes | None = None,
) -> dict:
    """Fit the weights by stochastic gradient descent in a fixed order: the same data gives the same model.

    ``texts`` are as the coach reads them (``coach.reading``).
    """
    rows = [sorted({f for f, _, _ in features(t, classes)}) for t in texts]
    counts: dict[str, int] = {}
    for row in rows:
        for f in row:
            counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(vocab)}
    rows_idx = [[index[f] for f in row if f in index] for row in rows]
    weights, bias = {}, {}
    for label in ("any", *TRAP_IDS):
        y = [1.0 if (label == "any" and gold) or label in gold else 0.0 for gold in labels]
        w, b = _fit(rows_idx, y, size=len(vocab), epochs=epochs, rate=rate, l2=l2)
        weights[label] = {vocab[i]: round(v, 3) for i, v in enumerate(w) if abs(v) >= 0.05}
        bias[label] = round(b, 4)
    return {
        "weights": weights,
        "bias": bias,
        "threshold": threshold,
        "cautious_threshold": cautious_threshold,
        "classes": dict(sorted((classes or {}).items())),
        "vocabulary": len(vocab),
        "trained_on": len(texts),
    }


def _fit(
    rows: list[list[int]], y: list[float], *, size: int, epochs: int, rate: float, l2: float
) -> tuple[list[float], float]:
    """Logistic regression on binary features, with AdaGrad steps."""
    w, b = [0.0] * size, 0.0
    g2, g2b = [1e-8] * size, 1e-8
    for _ in range(epochs):
        for row, target in zip(rows, y, strict=True):
            z = b + sum(w[i] for i in row)
            err = 1 / (1 + math.exp(-max(-30.0, min(30.0, z)))) - target
            for i in row:
                grad = err + l2 * w[i]
                g2[i] += grad * grad
                w[i] -= rate * grad / math.sqrt(g2[i])
            g2b += err * err
            b -= rate * err / math.sqrt(g2b)
    return w, b
