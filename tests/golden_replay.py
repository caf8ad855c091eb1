"""Replay every transcript through the engine and the coach over the corpus: what both answer, as plain data.

``python tests/golden_replay.py`` writes ``tests/golden/answers.json``; ``test_golden.py`` checks that
the code still gives exactly those answers, so a change made for speed cannot change what anyone reads.
Regenerate the file only when a change of answers is meant, and say so in the commit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "answers.json"


def answers() -> dict:
    """The engine's replies to every transcript line, and the coach's reading of every corpus line."""
    from outcomes_bot.coach.classifier import classify
    from outcomes_bot.coach.evaluate import default_corpus, load_corpus
    from outcomes_bot.content.flows import default_flows
    from outcomes_bot.practice.engine import Engine
    from outcomes_bot.store.database import Store

    flows = default_flows()
    out: dict = {"transcripts": {}, "corpus": {}}
    for path in sorted((HERE / "transcripts").glob("*.txt")):
        scenario = path.stem.rsplit("_", 1)[0].split(".")[0]
        engine = Engine(flows, Store(":memory:"))
        said = [[_plain(r) for r in engine.start("golden", scenario)]]
        for line in path.read_text(encoding="utf-8").splitlines():
            said.append([_plain(r) for r in engine.say("golden", line)])
        said.append([_plain(r) for r in engine.end("golden")])
        out["transcripts"][path.stem] = said
    for item in load_corpus(default_corpus()):
        result = classify(item.text, rules=flows.rules, before=item.before)
        out["corpus"][item.id] = [result.trap_ids, result.move_ids, [d.evidence for d in result.traps]]
    return out


def _plain(reply) -> list:
    """A reply as plain data, without ids that change from run to run."""
    data = {k: v for k, v in reply.data.items() if k != "session"}
    return [reply.kind, reply.text, reply.speaker, json.dumps(data, sort_keys=True, default=str)]


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    GOLDEN.write_text(json.dumps(answers(), ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    print(f"wrote {GOLDEN}")
