"""Reflection and supervision preparation in the terminal: the same engines as on Telegram."""

from __future__ import annotations

import io

from click.testing import CliRunner

from outcomes_bot.cli import cli
from outcomes_bot.practice.engine import Engine
from outcomes_bot.terminal.reflect import ReflectTerminal


def test_a_piped_reflection_is_kept_with_identifying_details_masked():
    result = CliRunner().invoke(cli, ["reflect"], input="Mrs Jones (SA1 8PP, NHS 943 476 5919) loved the garden\n")
    assert result.exit_code == 0, result.output
    assert "a name, a postcode, an NHS number" in result.output
    listed = CliRunner().invoke(cli, ["reflect", "--list"])
    assert "[name] ([postcode], NHS [NHS number]) loved the garden" in listed.output
    assert "Jones" not in listed.output and "private" in listed.output


def test_at_a_keyboard_the_writer_chooses_what_to_keep(flows, store):
    lines = []
    screen = ReflectTerminal(Engine(flows, store), "terminal:sam", echo=lambda *a, **k: lines.append(a[0] if a else ""))
    screen.reflect(io.StringIO("Rang Mr Evans on 07700 900123\n\nx\nk\n"), interactive=True)
    assert any("k = keep it as written" in line for line in lines)
    assert [r["text"] for r in store.reflections_of("terminal:sam", 5)] == ["Rang Mr Evans on 07700 900123"]
    screen.reflect(io.StringIO("Bet's daughter rang Dr Patel\n\nd\n"), interactive=True, card=True)
    assert len(store.reflections_of("terminal:sam", 5)) == 1  # 'd': not saved


def test_supervision_prep_from_a_pipe_ends_in_an_agenda_that_is_kept():
    answers = "Bet\nTired but all right\n/skip\n/back\nStill tired\n/stop_not_a_command\n"
    result = CliRunner().invoke(cli, ["supervision-prep"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Question 3 of 27 · Exploring Bet's story" in result.output
    assert "Supervision agenda: a piece of work with Bet" in result.output
    agenda = result.output[result.output.index("Supervision agenda") :]
    assert agenda.index("Welcome") < agenda.index("Well-being check") < agenda.index("Agenda for next session")
    assert "Tired but all right" in agenda and "Still tired" in agenda and "/stop_not_a_command" in agenda
    listed = CliRunner().invoke(cli, ["reflect", "--list"])
    assert "Supervision agenda: a piece of work with Bet" in listed.output


def test_supervision_prep_stopped_keeps_nothing():
    result = CliRunner().invoke(cli, ["supervision-prep"], input="Bet\nTired\n/stop\n")
    assert "Stopped preparing. Nothing was kept." in result.output
    assert "You haven't written any reflections yet." in CliRunner().invoke(cli, ["reflect", "--list"]).output


def test_a_card_reflection_is_kept_under_the_card_that_was_shown(flows, store):
    lines = []
    screen = ReflectTerminal(Engine(flows, store), "terminal:sam", echo=lambda *a, **k: lines.append(a[0] if a else ""))
    for _ in range(2):
        screen.reflect(io.StringIO("We sat in the garden\n\n"), interactive=True, card=True)
    cards = flows.supervision.cards
    assert [r["ref"] for r in store.reflections_of("terminal:sam", 5)] == [cards[1].id, cards[0].id]
    assert any(cards[1].situation[:40] in line for line in lines)
