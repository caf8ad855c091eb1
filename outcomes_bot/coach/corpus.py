"""The coach's labelled corpus (``data/corpus.jsonl``): one utterance a line, with its traps, moves and tags.

The labelling guide is ``data/LABELLING.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content import labelled
from ..content.schema import MOVE_IDS, TRAP_IDS

SPLITS = labelled.SPLITS
TAGS = ("neutral", "impersonal", "trap_words", "speech", "texting", "check_back", "counselling")

CorpusError = labelled.LabelledSetError  # a corpus line that cannot be used, with its line number


@dataclass(frozen=True)
class Item:
    """One labelled utterance."""

    id: str
    text: str
    traps: tuple[str, ...]
    moves: tuple[str, ...]
    split: str
    source: str = ""  # who wrote it: cross-validation holds out one writer at a time
    before: str = ""  # what the person said just before
    tags: tuple[str, ...] = ()

    @property
    def neutral(self) -> bool:
        """Labelled neither a trap nor a move: talk that should earn nothing and cost nothing."""
        return not self.traps and not self.moves


def default_corpus() -> Path:
    """data/corpus.jsonl here, or in the checkout this package runs from."""
    here = Path("data/corpus.jsonl")
    return here if here.exists() else Path(__file__).resolve().parents[2] / "data" / "corpus.jsonl"


def load_corpus(path: Path) -> list[Item]:
    """Read and check a corpus; raise CorpusError naming the line and the fix."""
    items: list[Item] = []
    for where, row in labelled.rows(path, ("id", "text", "traps", "moves", "split")):
        labelled.unknown(where, "trap id", row["traps"], TRAP_IDS)
        labelled.unknown(where, "move id", row["moves"], MOVE_IDS)
        labelled.unknown(where, "tag", row.get("tags", []), TAGS)
        items.append(
            Item(
                id=row["id"],
                text=row["text"],
                traps=tuple(row["traps"]),
                moves=tuple(row["moves"]),
                split=row["split"],
                source=row.get("source", ""),
                before=row.get("before", ""),
                tags=tuple(row.get("tags", ())),
            )
        )
    return items
