"""The coach's figures: precision, recall and F1 by trap and move, the headline figures, and their targets.

A pure function (``score``) from labelled items and what the coach made of
them to one JSON-ready object.
"""

from __future__ import annotations

from collections import Counter

from ..content.schema import MOVE_IDS, TRAP_IDS
from .corpus import TAGS, Item
from .detection import Classification

# The targets the coach must meet on the test split (issue 11); `outcomes-bot eval --check` fails below them.
TARGETS = {
    "any_trap_recall": (">=", 0.90),
    "weakest_trap_recall": (">=", 0.80),  # every trap caught by its own name
    "right_type": (">=", 0.80),
    "false_alarm_rate": ("<=", 0.03),
    "neutral_read": (">=", 0.90),
    "reflection_precision": (">=", 0.85),
    "reflection_recall": (">=", 0.85),
    "open_question_f1": (">=", 0.90),
    "closed_question_f1": (">=", 0.90),
}
# What this version reaches on the test split (issue 11), rounded down: `outcomes-bot eval --check` fails
# if a figure drops below it, so no change can quietly make the coach worse. Raise a floor when the coach
# improves; the targets above are where it is heading.
GATE = {
    "any_trap_recall": 0.84,
    "weakest_trap_recall": 0.50,
    "right_type": 0.88,
    "false_alarm_rate": 0.03,
    "neutral_read": 0.95,
    "reflection_precision": 0.83,
    "reflection_recall": 0.84,
    "open_question_f1": 0.91,
    "closed_question_f1": 0.82,
}
REFLECTIVE = {"reflection", "summary"}  # a summary is a reflection that gathers: either counts for the other
QUESTION_KINDS = ("open_question", "closed_question")


def _ratio(part: int, whole: int) -> float | None:
    """part / whole to three places, or None if there is nothing to divide by."""
    return round(part / whole, 3) if whole else None


def _prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall, F1 and support from true and false positives and false negatives."""
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = round(2 * precision * recall / (precision + recall), 3) if precision and recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}


def score(results: list[tuple[Item, Classification]]) -> dict:
    """The figures for items and what the coach made of them."""
    traps = {t: _prf(*_counts(results, t, "trap_ids")) for t in TRAP_IDS}
    moves = {m: _prf(*_counts(results, m, "move_ids")) for m in MOVE_IDS}
    weakest = min((t for t in TRAP_IDS if traps[t]["support"]), key=lambda t: traps[t]["recall"], default=None)
    reflection = _reflection(results)
    return {
        "items": len(results),
        "trap_items": sum(1 for item, _ in results if item.traps),
        "good_items": sum(1 for item, _ in results if not item.traps),
        "traps": traps,
        "moves": moves,
        **_headline(results),
        "weakest_trap_recall": traps[weakest]["recall"] if weakest else None,
        "weakest_trap": weakest,
        "reflection_precision": reflection["precision"],
        "reflection_recall": reflection["recall"],
        "reflection_f1": reflection["f1"],
        "open_question_f1": moves["open_question"]["f1"] if moves["open_question"]["support"] else None,
        "closed_question_f1": moves["closed_question"]["f1"] if moves["closed_question"]["support"] else None,
        "by_tag": {tag: _headline([(i, r) for i, r in results if tag in i.tags]) for tag in TAGS},
        "confusion": _confusion(results),
        "errors": _errors(results),
    }


def _headline(results: list[tuple[Item, Classification]]) -> dict:
    """Traps caught, right type, false alarms, neutral read, open/closed accuracy, reflections found."""
    trap_items = [(i, r) for i, r in results if i.traps]
    good_items = [(i, r) for i, r in results if not i.traps]
    neutral = [(i, r) for i, r in results if i.neutral]
    caught = [(i, r) for i, r in trap_items if r.traps]
    questions = [
        (i, r) for i, r in results if len(set(QUESTION_KINDS) & set(i.moves)) == 1 and "question_answer" not in i.traps
    ]
    reflections = [(i, r) for i, r in results if "reflection" in i.moves]
    return {
        "count": len(results),
        "any_trap_recall": _ratio(len(caught), len(trap_items)),
        "right_type": _ratio(sum(1 for i, r in caught if r.trap_ids[0] in i.traps), len(caught)),
        "false_alarm_rate": _ratio(sum(1 for i, r in good_items if r.traps), len(good_items)),
        "neutral_read": _ratio(sum(1 for i, r in neutral if r.is_neutral), len(neutral)),
        "open_closed_accuracy": _ratio(sum(1 for i, r in questions if _same_question(i, r)), len(questions)),
        "reflections_found": _ratio(sum(1 for i, r in reflections if REFLECTIVE & set(r.move_ids)), len(reflections)),
    }


def _reflection(results: list[tuple[Item, Classification]]) -> dict:
    """Reflection precision and recall: a reflection named where the labeller heard a reflection or summary,
    and a labelled reflection found as a reflection or summary."""
    named = [(i, r) for i, r in results if "reflection" in r.move_ids]
    right = sum(1 for i, _ in named if REFLECTIVE & set(i.moves))
    labelled = [(i, r) for i, r in results if "reflection" in i.moves]
    found = sum(1 for _, r in labelled if REFLECTIVE & set(r.move_ids))
    precision, recall = _ratio(right, len(named)), _ratio(found, len(labelled))
    f1 = round(2 * precision * recall / (precision + recall), 3) if precision and recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _counts(results: list[tuple[Item, Classification]], label: str, attr: str) -> tuple[int, int, int]:
    """True positives, false positives and false negatives for one trap or move."""
    gold_attr = "traps" if attr == "trap_ids" else "moves"
    tp = fp = fn = 0
    for item, result in results:
        if label in QUESTION_KINDS and "question_answer" in item.traps:
            continue  # whether each question in a barrage is labelled is a writer's choice; the trap is what counts
        gold, pred = label in getattr(item, gold_attr), label in getattr(result, attr)
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
    return tp, fp, fn


def _same_question(item: Item, result: Classification) -> bool:
    """The coach called the question what the labeller did, open or closed, and not both."""
    gold = "open_question" if "open_question" in item.moves else "closed_question"
    other = "closed_question" if gold == "open_question" else "open_question"
    return gold in result.move_ids and other not in result.move_ids


def _confusion(results: list[tuple[Item, Classification]]) -> dict[str, dict[str, int]]:
    """Rows: the labelled trap ('none' for good practice); columns: the main trap named."""
    table: dict[str, Counter] = {label: Counter() for label in (*TRAP_IDS, "none")}
    for item, result in results:
        predicted = result.trap_ids[0] if result.traps else "none"
        gold = predicted if predicted in item.traps else (item.traps[0] if item.traps else "none")
        table[gold][predicted] += 1
    return {gold: dict(row) for gold, row in table.items()}


def _errors(results: list[tuple[Item, Classification]]) -> list[dict]:
    """Items the coach got wrong: traps missed or misnamed, false alarms, and reflections wrongly named."""
    out = []
    for i, r in results:
        trap_wrong = bool(i.traps) != bool(r.traps) or (r.traps and r.trap_ids[0] not in i.traps)
        reflection_wrong = ("reflection" in r.move_ids) != bool(REFLECTIVE & set(i.moves)) and not i.traps
        if trap_wrong or reflection_wrong or (i.neutral and not r.is_neutral):
            out.append(
                {
                    "id": i.id,
                    "text": i.text,
                    **({"before": i.before} if i.before else {}),
                    "gold": list(i.traps),
                    "got": r.trap_ids,
                    "gold_moves": list(i.moves),
                    "got_moves": r.move_ids,
                }
            )
    return out


def missed(figures: dict, limits: dict[str, float] | None = None) -> list[str]:
    """The headline figures on the wrong side of ``limits`` (the targets unless given), as 'name value (limit)'."""
    out = []
    for name, (op, target) in TARGETS.items():
        limit = target if limits is None else limits[name]
        value = figures[name]
        if value is None or (value < limit if op == ">=" else value > limit):
            out.append(f"{name} {fmt(value)} ({op} {limit:.2f})")
    return out


def meets(figures: dict) -> dict[str, bool]:
    """Which targets these figures meet."""
    out = {}
    for name, (op, limit) in TARGETS.items():
        value = figures[name]
        out[name] = value is not None and (value >= limit if op == ">=" else value <= limit)
    return out


def fmt(value: float | None) -> str:
    """A figure to three places, or '-' when there is none."""
    return "-" if value is None else f"{value:.3f}"
