"""The coach's figures as a plain-text table (``outcomes-bot eval``)."""

from __future__ import annotations

from ..content.schema import TRAP_IDS
from .metrics import GATE, TARGETS, fmt, meets


def render(figures: dict, split: str) -> str:
    """The figures as a plain-text table."""
    met = meets(figures)
    lines = [
        f"Coach evaluation on the {split} split: {figures['items']} utterances "
        f"({figures['trap_items']} with traps, {figures['good_items']} without)",
        "",
        f"{'trap':<18}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}",
    ]
    lines += _rows(figures["traps"])
    lines += ["", f"{'move':<18}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}", *_rows(figures["moves"])]
    alone = figures.get("rules_alone")
    lines += ["", f"{'headline':<24}{'value':>7}  target          floor" + ("  rules alone" if alone else "")]
    for name, (op, limit) in TARGETS.items():
        mark = "met" if met[name] else "NOT MET"
        extra = f"  {fmt(alone[name]):>11}" if alone else ""
        which = f"  ({figures['weakest_trap']})" if name == "weakest_trap_recall" and figures["weakest_trap"] else ""
        lines.append(f"{name:<24}{fmt(figures[name]):>7}  {op} {limit:.2f}  {mark:<7} {GATE[name]:.2f}{extra}{which}")
    lines += [f"{name:<24}{fmt(figures[name]):>7}" for name in ("reflection_f1", "open_closed_accuracy")]
    lines += ["", "by tag            items  traps caught  false alarms  neutral read  reflections found"]
    for tag, row in figures["by_tag"].items():
        if row["count"]:
            lines.append(
                f"{tag:<16}{row['count']:>7}{fmt(row['any_trap_recall']):>14}{fmt(row['false_alarm_rate']):>14}"
                f"{fmt(row['neutral_read']):>14}{fmt(row['reflections_found']):>19}"
            )
    cols = (*TRAP_IDS, "none")
    short = {c: c[:6] for c in cols}
    lines += [
        "",
        "confusion (rows: labelled trap; columns: main trap named)",
        f"{'':<16}" + "".join(f"{short[c]:>8}" for c in cols),
    ]
    for gold in cols:
        row = figures["confusion"][gold]
        lines.append(f"{gold:<16}" + "".join(f"{row.get(c, 0):>8}" for c in cols))
    return "\n".join(lines)


def _rows(table: dict[str, dict]) -> list[str]:
    """One line of precision, recall, F1 and support per trap or move."""
    return [
        f"{name:<18}{fmt(r['precision']):>10}{fmt(r['recall']):>8}{fmt(r['f1']):>7}{r['support']:>9}"
        for name, r in table.items()
    ]
