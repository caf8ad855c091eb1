"""A change made for speed must not change what anyone reads: the engine and the coach give the recorded answers."""

from __future__ import annotations

import json

from golden_replay import GOLDEN, answers


def test_every_transcript_and_corpus_line_gets_the_recorded_answer():
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = answers()
    assert got["corpus"] == expected["corpus"]
    for name, replies in expected["transcripts"].items():
        assert got["transcripts"][name] == replies, name
    assert got["transcripts"].keys() == expected["transcripts"].keys()
