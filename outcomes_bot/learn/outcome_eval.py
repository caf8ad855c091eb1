"""How well the outcome check reads a labelled set: accuracy of the kind, per kind precision and recall,
a confusion table, and agreement on the qualities where a statement's are labelled.

The set is ``data/outcomes.jsonl`` (one statement a line: id, text, kind, split,
optional voice, qualities and note), read with the shared reader. Rules are
tuned on the dev split only; the test split is the figure to trust.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..content.checks_learn_outcomes import OutcomeRules
from ..content.labelled import LabelledSetError, rows, unknown
from ..content.schema_learn_outcomes import KINDS, QUALITIES
from .outcome_check import check

LABELLED = Path(__file__).resolve().parents[2] / "data" / "outcomes.jsonl"
FLOOR = 0.90  # kind accuracy on the test split below which `eval outcomes --check` fails
REQUIRED = ("id", "text", "kind", "split")


@dataclass(frozen=True)
class Labelled:
    """One labelled statement."""

    id: str
    text: str
    kind: str
    split: str
    voice: str | None
    qualities: dict[str, bool] | None


@dataclass(frozen=True)
class Miss:
    """A statement read as the wrong kind."""

    id: str
    text: str
    expected: str
    got: str


@dataclass(frozen=True)
class OutcomeScores:
    """The figures for one split (or all)."""

    split: str
    total: int
    accuracy: float
    per_kind: dict[str, dict[str, float]]  # kind -> precision, recall, support
    confusion: dict[str, dict[str, int]]  # expected -> got -> count
    by_voice: dict[str, float]  # voice -> kind accuracy
    qualities: dict[str, float]  # quality -> agreement on labelled outcomes read as outcomes
    misses: tuple[Miss, ...]

    def as_json(self) -> dict:
        """Every figure as plain JSON (misses as lists)."""
        return {
            "split": self.split,
            "total": self.total,
            "accuracy": self.accuracy,
            "per_kind": self.per_kind,
            "confusion": self.confusion,
            "by_voice": self.by_voice,
            "qualities": self.qualities,
            "misses": [[m.id, m.expected, m.got, m.text] for m in self.misses],
        }


def load(path: Path = LABELLED) -> list[Labelled]:
    """Every statement of the set, checked: a known kind, known qualities as true/false."""
    out = []
    for where, row in rows(path, REQUIRED):
        unknown(where, "kind", [row["kind"]], KINDS)
        qualities = row.get("qualities")
        if qualities is not None:
            unknown(where, "quality", list(qualities), QUALITIES)
            if not all(isinstance(v, bool) for v in qualities.values()):
                raise LabelledSetError(f"{where}: a quality that is not true or false. Fix: write true or false")
        out.append(Labelled(row["id"], row["text"], row["kind"], row["split"], row.get("voice"), qualities))
    return out


def _ratio(part: int, whole: int) -> float:
    """part / whole, 0 when there is nothing to divide by, to 3 places."""
    return round(part / whole, 3) if whole else 0.0


def score(rules: OutcomeRules, items: list[Labelled], split: str = "test") -> OutcomeScores:
    """Read every item of ``split`` ("dev", "test" or "all") and measure the readings."""
    chosen = [item for item in items if split == "all" or item.split == split]
    readings = [(item, check(rules, item.text)) for item in chosen]
    confusion = {kind: dict.fromkeys(KINDS, 0) for kind in KINDS}
    for item, reading in readings:
        confusion[item.kind][reading.kind] += 1
    right = sum(confusion[k][k] for k in KINDS)
    per_kind = {
        kind: {
            "precision": _ratio(confusion[kind][kind], sum(confusion[e][kind] for e in KINDS)),
            "recall": _ratio(confusion[kind][kind], sum(confusion[kind].values())),
            "support": sum(confusion[kind].values()),
        }
        for kind in KINDS
    }
    voices: Counter[str] = Counter()
    voices_right: Counter[str] = Counter()
    agree: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    for item, reading in readings:
        voice = item.voice or "unknown"
        voices[voice] += 1
        voices_right[voice] += item.kind == reading.kind
        if item.qualities and item.kind == "outcome" and reading.kind == "outcome":
            for name, wanted in item.qualities.items():
                asked[name] += 1
                agree[name] += reading.qualities.get(name) == wanted
    misses = tuple(Miss(i.id, i.text, i.kind, r.kind) for i, r in readings if i.kind != r.kind)
    return OutcomeScores(
        split=split,
        total=len(readings),
        accuracy=_ratio(right, len(readings)),
        per_kind=per_kind,
        confusion=confusion,
        by_voice={v: _ratio(voices_right[v], voices[v]) for v in sorted(voices)},
        qualities={q: _ratio(agree[q], asked[q]) for q in QUALITIES if asked[q]},
        misses=misses,
    )


def below_floor(test: OutcomeScores) -> bool:
    """Whether kind accuracy on the test split is under ``FLOOR``."""
    return test.accuracy < FLOOR


def render(scores: OutcomeScores, show_errors: bool = False) -> str:
    """The figures as plain text: accuracy, per kind, the confusion table, by voice, qualities (and misses)."""
    mark = "" if scores.split != "test" else ("  met" if not below_floor(scores) else "  NOT MET")
    lines = [
        f"Outcome check on the {scores.split} split: {scores.total} statements",
        f"kind accuracy {scores.accuracy:.3f}" + (f"  (floor {FLOOR:.2f}){mark}" if scores.split == "test" else ""),
        "",
        f"{'kind':<10}{'precision':>10}{'recall':>8}{'n':>5}",
    ]
    for kind, row in scores.per_kind.items():
        lines.append(f"{kind:<10}{row['precision']:>10.3f}{row['recall']:>8.3f}{int(row['support']):>5}")
    lines += ["", "labelled \\ read as  " + "".join(f"{k:>9}" for k in KINDS)]
    for kind, counts in scores.confusion.items():
        lines.append(f"{kind:<20}" + "".join(f"{counts[k]:>9}" for k in KINDS))
    lines += ["", "kind accuracy by voice: " + ", ".join(f"{v} {a:.3f}" for v, a in scores.by_voice.items())]
    if scores.qualities:
        shown = ", ".join(f"{q} {a:.3f}" for q, a in scores.qualities.items())
        lines.append(f"quality agreement (labelled outcomes read as outcomes): {shown}")
    if show_errors and scores.misses:
        lines += ["", "read as the wrong kind (labelled -> read as):"]
        lines += [f"  {m.id}: {m.expected} -> {m.got}: {m.text}" for m in scores.misses]
    return "\n".join(lines)
