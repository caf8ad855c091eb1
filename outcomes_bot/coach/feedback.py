"""The better way to say it: fitted to the moment of the conversation, and built from the worker's words.

A trap's better way is, first, the worker's own sentence turned round
(``rewrites`` in ``flows/coach.yaml``: "You should let your daughter help"
becomes "What do you think about your daughter helping?"); failing that, the
scenario's better way that fits the stage reached and what the person has
told so far (``better`` in the scenario, most specific first).
"""

from __future__ import annotations

import re

from ..content.schema import Better, Scenario
from .rules import FIELD, Rules


def ing(words: str, rules: Rules) -> str:
    """``words`` with the first word in its -ing form ("let your daughter help": "letting your daughter help")."""
    first, _, rest = words.partition(" ")
    for pattern, replacement in rules.ing:
        if pattern.search(first):
            first = pattern.sub(replacement, first, count=1)
            break
    return f"{first} {rest}".strip()


def rewrite(sentence: str, trap: str, rules: Rules) -> str | None:
    """The worker's sentence turned into a better way, if a rewrite for this trap fits it."""
    low = sentence.strip()
    for rule in rules.rewrites:
        if trap not in rule.traps:
            continue
        match = rule.pattern.search(low)
        if match is None:
            continue

        def fill(field: re.Match, match: re.Match = match) -> str:
            """The worker's words a ``{field}`` (or ``{field|ing}``) of the line stands for."""
            words = (match.group(field.group(1)) or "").strip().rstrip(",;:")
            return ing(words, rules) if field.group(0).endswith("|ing}") else words

        line = FIELD.sub(fill, rule.to)
        return line[0].upper() + line[1:]
    return None


def fits(better: Better, stage: int, revealed: list[str]) -> bool:
    """A better way fits this moment: its stage, and the facts it builds on are known."""
    return (not better.stages or stage in better.stages) and all(fact in revealed for fact in better.after)


def better_way(scenario: Scenario, trap: str, stage: int, revealed: list[str], sentence: str, rules: Rules) -> str:
    """The better way to offer for a trap in this sentence, at this stage, knowing these facts."""
    own = rewrite(sentence, trap, rules)
    if own:
        return own
    ways = [b for b in scenario.traps[trap].better if fits(b, stage, revealed)]
    best = max(ways, key=lambda b: (len(b.after), bool(b.stages)))  # the one that knows most about this moment
    return best.text
