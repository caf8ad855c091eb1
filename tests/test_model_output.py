"""`model train --output`: a trained model goes where it is told, and never silently into an installed package."""

from __future__ import annotations

import json
import sysconfig
from pathlib import Path

import pytest
from click.testing import CliRunner

from outcomes_bot.cli import cli
from outcomes_bot.cli.model import installed
from outcomes_bot.coach import model as trap_model
from outcomes_bot.coach.model import TrapModel

ROWS = [
    ("You should move to a care home, it's for the best.", ["power"]),
    ("You should stop worrying, it'll all be fine.", ["problem_solving"]),
    ("What matters most to you about your garden?", []),
    ("So the garden is where you feel most yourself.", []),
    ("You should let the carers do it for you.", ["power"]),
    ("What would a good day look like?", []),
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A tiny labelled corpus, all of it dev, so training takes no time."""
    path = tmp_path / "corpus.jsonl"
    rows = [
        {"id": f"t-{n}", "text": text, "traps": traps, "moves": [], "split": "dev", "source": f"writer-{n % 2}"}
        for n, (text, traps) in enumerate(ROWS)
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def shipped() -> tuple[Path, bytes]:
    """The shipped model's path and bytes, to check afterwards that they did not change."""
    return trap_model.MODEL_PATH, trap_model.MODEL_PATH.read_bytes()


def test_output_saves_the_model_there_and_leaves_the_shipped_one_alone(corpus, shipped, tmp_path):
    output = tmp_path / "mine.json"
    result = CliRunner().invoke(cli, ["model", "train", str(corpus), "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert f"saved to {output}" in result.output
    model = TrapModel.from_dict(json.loads(output.read_text(encoding="utf-8")))
    assert model.threshold == 0.85 and model.cautious_threshold == 0.9
    path, before = shipped
    assert path.read_bytes() == before


def test_an_installed_copy_needs_output_and_says_so_in_one_line(corpus, shipped, monkeypatch):
    inside = Path(sysconfig.get_path("purelib")) / "outcomes_bot" / "coach" / "trap_model.json"
    monkeypatch.setattr(trap_model, "MODEL_PATH", inside)
    result = CliRunner().invoke(cli, ["model", "train", str(corpus)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "--output" in lines[0] and "installed" in lines[0]
    assert not inside.exists() or inside.resolve() == shipped[0].resolve()
    assert shipped[0].read_bytes() == shipped[1]


def test_a_checkout_saves_the_shipped_model_by_default(corpus, tmp_path, monkeypatch):
    checkout_model = tmp_path / "outcomes_bot" / "coach" / "trap_model.json"
    checkout_model.parent.mkdir(parents=True)
    monkeypatch.setattr(trap_model, "MODEL_PATH", checkout_model)
    result = CliRunner().invoke(cli, ["model", "train", str(corpus)])
    assert result.exit_code == 0, result.output
    assert json.loads(checkout_model.read_text(encoding="utf-8"))["trained_on"] == len(ROWS)


def test_installed_tells_site_packages_from_a_checkout(tmp_path):
    assert installed(Path(sysconfig.get_path("purelib")) / "outcomes_bot" / "coach" / "trap_model.json")
    assert installed(Path(sysconfig.get_path("platlib")) / "anything.json")
    assert not installed(tmp_path / "outcomes_bot" / "coach" / "trap_model.json")


def test_an_output_that_cannot_be_written_is_named(corpus, tmp_path):
    output = tmp_path / "no such folder" / "model.json"
    result = CliRunner().invoke(cli, ["model", "train", str(corpus), "--output", str(output)])
    assert result.exit_code == 1 and f"cannot save the model to {output}" in result.output
