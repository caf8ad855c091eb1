"""Measure the identifying-details check against a labelled set (``data/privacy.jsonl``).

Each line of the set is a text a care worker might write in a reflection or a
tea-brief, with the kinds of identifying detail in it (none for most). The
figures: recall (texts with a detail that are flagged at all), the false-alarm
rate (texts without one that are flagged), recall for each kind, and the
slowest of a list of hard inputs. The ``test`` split was written with the rest
and never looked at while the words and patterns were tuned on ``dev``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ..content import labelled
from ..content.schema_team import PrivacyFlow
from ..practice.engine import MAX_CHARS
from . import privacy

SPLITS = labelled.SPLITS
# Floors for `outcomes-bot eval privacy --check` on the test split; slowest_ms is the slowest hard input
# below at the length of the longest message a person can send (MAX_CHARS), where the target is 50 ms.
GATE = {"recall": (">=", 0.95), "false_alarm_rate": ("<=", 0.05), "slowest_ms": ("<=", 50.0)}
HARD_CHARS = 100_000  # longer than anything the check is given: an agenda is at most MAX_CHARS * 20 = 81,920
# Shapes of input that once took seconds, and others built to be as hard as can be: many starts of a
# match that fail late, or a detail every few characters. Each is repeated to HARD_CHARS characters.
HARD_UNITS = (
    "did you eat ",
    "a.",
    "A",
    "1",
    "AAAA BBBB ",
    "1 ",
    "0 ",
    "0 1 ",
    "1/",
    "1-",
    "a@",
    "a.b@c.",
    "Mr ",
    "Mr O' ",
    "MR JAMES ",
    "Mary Ann ",
    "Gwen Ab ",
    "Gwen Roberts ",
    "gwen jones ",
    "Ab Jones ",
    "Tom Jones ",
    "St John ",
    "Mrs Brown's Boys ",
    "07700 900123 ",
    "943 476 5919 ",
    "CF10 3NP ",
    "A1 1AA ",
    "14 Elm Road ",
    "1 Ab Road ",
    "1 Ab Ab Ab Ab Road ",
    "1 a road ",
    "3 Heol y ",
    "born 1941 ",
    "DOB ",
    "March 1 2020 ",
    "3rd March 1941 ",
    "Mrs Jones, 14 Elm Road, born 1941, 07700 900123, CF10 3NP, a@b.com, 943 476 5919, 03/04/1941. ",
)


SetError = labelled.LabelledSetError  # a line of the labelled set that cannot be used, with its line number


@dataclass(frozen=True)
class Item:
    """One labelled text."""

    id: str
    text: str
    kinds: tuple[str, ...]  # the kinds of identifying detail in it; none for most
    split: str
    note: str = ""


def default_set() -> Path:
    """data/privacy.jsonl here, or in the checkout this package runs from."""
    here = Path("data/privacy.jsonl")
    return here if here.exists() else Path(__file__).resolve().parents[2] / "data" / "privacy.jsonl"


def load_set(path: Path) -> list[Item]:
    """Read and check the labelled set; raise SetError naming the line and the fix."""
    items: list[Item] = []
    for where, row in labelled.rows(path, ("id", "text", "kinds", "split")):
        labelled.unknown(where, "kind", row["kinds"], privacy.KINDS)
        items.append(
            Item(
                id=row["id"],
                text=row["text"],
                kinds=tuple(row["kinds"]),
                split=row["split"],
                note=row.get("note", ""),
            )
        )
    return items


def _ratio(part: int, whole: int) -> float | None:
    """part / whole to three places, or None if there is nothing to divide by."""
    return round(part / whole, 3) if whole else None


def evaluate(items: list[Item], words: PrivacyFlow | None = None) -> dict:
    """Recall, false alarms and recall by kind on ``items``, and every text the check got wrong."""
    check = privacy.detector(words)
    with_details = flagged = without = alarms = 0
    by_kind = {kind: [0, 0] for kind in privacy.KINDS}  # kind: [texts with it, texts where it was found]
    errors = []
    for item in items:
        found = check.find(item.text)
        kinds = {f.kind for f in found}
        if item.kinds:
            with_details += 1
            flagged += bool(found)
        else:
            without += 1
            alarms += bool(found)
        for kind in set(item.kinds):
            by_kind[kind][0] += 1
            by_kind[kind][1] += kind in kinds
        missed, extra = sorted(set(item.kinds) - kinds), sorted(kinds - set(item.kinds))
        if missed or extra:
            errors.append(
                {
                    "id": item.id,
                    "text": item.text,
                    "expected": sorted(set(item.kinds)),
                    "found": [[f.kind, f.text] for f in found],
                    "error": "miss" if missed else "false alarm",
                }
            )
    return {
        "items": len(items),
        "with_details": with_details,
        "without": without,
        "recall": _ratio(flagged, with_details),
        "false_alarm_rate": _ratio(alarms, without),
        "kinds": {k: {"support": n, "recall": _ratio(hit, n)} for k, (n, hit) in by_kind.items()},
        "errors": errors,
    }


def hard_inputs(chars: int = HARD_CHARS) -> list[tuple[str, str]]:
    """(what it repeats, the text) for each hard input, ``chars`` characters long."""
    return [(unit, (unit * (chars // len(unit) + 1))[:chars]) for unit in HARD_UNITS]


def _slowest_of(check: privacy.Detector, chars: int, repeat: int) -> tuple[float, str]:
    """The CPU time (best of ``repeat``) of the slowest hard input of ``chars`` characters, and its unit."""
    times = []
    for unit, text in hard_inputs(chars):
        best = float("inf")
        for _ in range(repeat):
            start = time.process_time()
            check.find(text)
            best = min(best, time.process_time() - start)
        times.append((best, unit))
    return max(times)


def slowest(words: PrivacyFlow | None = None, repeat: int = 3) -> dict:
    """The slowest hard input in milliseconds: as long as one message (gated), and HARD_CHARS long (shown)."""
    check = privacy.detector(words)
    check.find("warm up: Mrs Jones, 14 Elm Road, 07700 900123, born 1941")
    best, unit = _slowest_of(check, MAX_CHARS, repeat)
    longest, _ = _slowest_of(check, HARD_CHARS, 1)
    return {
        "slowest_ms": round(best * 1000, 1),
        "slowest_input": unit,
        "hard_inputs": len(HARD_UNITS),
        "chars": MAX_CHARS,
        "slowest_ms_long": round(longest * 1000, 1),
        "long_chars": HARD_CHARS,
    }


def missed(figures: dict) -> list[str]:
    """The figures on the wrong side of their floors, as 'name value (floor)'."""
    out = []
    for name, (op, floor) in GATE.items():
        value = figures.get(name)
        if value is not None and (value < floor if op == ">=" else value > floor):
            out.append(f"{name} {value} ({op} {floor})")
    return out


def render(figures: dict, split: str) -> str:
    """The figures as a plain-text table."""
    lines = [
        f"Identifying-details check on the {split} split: {figures['items']} texts "
        f"({figures['with_details']} with identifying details, {figures['without']} without)",
        "",
        f"{'headline':<18}{'value':>8}  floor",
    ]
    for name, (op, floor) in GATE.items():
        value = figures.get(name)
        if value is None:
            continue
        mark = "met" if not missed({name: value}) else "NOT MET"
        shown = f"{value:.1f}" if name == "slowest_ms" else f"{value:.3f}"
        lines.append(f"{name:<18}{shown:>8}  {op} {floor:<5} {mark}")
    if "slowest_input" in figures:
        lines.append(
            f"{'':<18}(the slowest of {figures['hard_inputs']} hard inputs of {figures['chars']:,} characters: "
            f"{figures['slowest_input']!r} repeated)"
        )
    if "slowest_ms_long" in figures:
        lines.append(
            f"{'':<18}({figures['slowest_ms_long']:.1f} ms for the slowest at {figures['long_chars']:,} characters)"
        )
    lines += ["", f"{'kind':<18}{'recall':>8}{'texts':>7}"]
    for kind, row in figures["kinds"].items():
        shown = "-" if row["recall"] is None else f"{row['recall']:.3f}"
        lines.append(f"{kind:<18}{shown:>8}{row['support']:>7}")
    return "\n".join(lines)
