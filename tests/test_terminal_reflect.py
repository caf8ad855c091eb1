"""Reflection and supervision preparation in the terminal: the same engines as on Telegram."""

from __future__ import annotations

import io

from click.testing import CliRunner
from messages import tail, text

from outcomes_bot.cli import cli
from outcomes_bot.practice.engine import Engine
from outcomes_bot.terminal.reflect import ReflectTerminal


def note(message: str) -> str:
    """A note as the terminal shows it: after its label, each further line indented."""
    return f"  {text('label_note')}: " + message.replace("\n", "\n    ")


def test_a_piped_reflection_is_kept_with_identifying_details_masked():
    result = CliRunner().invoke(cli, ["reflect"], input="Mrs Jones (SA1 8PP, NHS 943 476 5919) loved the garden\n")
    assert result.exit_code == 0, result.output
    kinds = ", ".join(text(f"pii_{kind}") for kind in ("name", "postcode", "nhs_number"))
    masked = f"{text('mask_name')} ({text('mask_postcode')}, NHS {text('mask_nhs_number')}) loved the garden"
    assert note(text("pii_warning", kinds=kinds, masked=masked)) in result.output
    listed = CliRunner().invoke(cli, ["reflect", "--list"])
    assert tail("reflect_item", status=text("private"), text=masked) in listed.output  # private, and masked
    assert "Jones" not in listed.output


def test_at_a_keyboard_the_writer_chooses_what_to_keep(flows, store):
    lines = []
    screen = ReflectTerminal(Engine(flows, store), "terminal:sam", echo=lambda *a, **k: lines.append(a[0] if a else ""))
    screen.reflect(io.StringIO("Rang Mr Evans on 07700 900123\n\nx\nk\n"), interactive=True)
    assert any(text("terminal_pii_choice") in line for line in lines)
    assert [r["text"] for r in store.reflections_of("terminal:sam", 5)] == ["Rang Mr Evans on 07700 900123"]
    screen.reflect(io.StringIO("Bet's daughter rang Dr Patel\n\nd\n"), interactive=True, card=True)
    assert len(store.reflections_of("terminal:sam", 5)) == 1  # 'd': not saved


def test_supervision_prep_from_a_pipe_ends_in_an_agenda_that_is_kept(flows):
    answers = "Bet\nTired but all right\n/skip\n/back\nStill tired\n/stop_not_a_command\n"
    result = CliRunner().invoke(cli, ["supervision-prep"], input=answers)
    assert result.exit_code == 0, result.output
    story = flows.supervision.sections[0]
    section, question = story.title.format(person="Bet"), story.questions[2].format(person="Bet")
    assert text("prep_question", number=3, total=27, section=section, question=question) in result.output
    title = text("agenda_title", person="Bet")
    assert title in result.output
    agenda = result.output[result.output.index(title) :]
    welcome, wellbeing, *_, next_session = (item.title.format(person="Bet") for item in flows.supervision.agenda)
    assert agenda.index(welcome) < agenda.index(wellbeing) < agenda.index(next_session)
    assert "Tired but all right" in agenda and "Still tired" in agenda and "/stop_not_a_command" in agenda
    listed = CliRunner().invoke(cli, ["reflect", "--list"])
    assert title in listed.output


def test_supervision_prep_stopped_keeps_nothing():
    result = CliRunner().invoke(cli, ["supervision-prep"], input="Bet\nTired\n/stop\n")
    assert note(text("prep_stopped")) in result.output
    assert note(text("reflect_none")) in CliRunner().invoke(cli, ["reflect", "--list"]).output


def test_a_card_reflection_is_kept_under_the_card_that_was_shown(flows, store):
    lines = []
    screen = ReflectTerminal(Engine(flows, store), "terminal:sam", echo=lambda *a, **k: lines.append(a[0] if a else ""))
    for _ in range(2):
        screen.reflect(io.StringIO("We sat in the garden\n\n"), interactive=True, card=True)
    cards = flows.supervision.cards
    assert [r["ref"] for r in store.reflections_of("terminal:sam", 5)] == [cards[1].id, cards[0].id]
    assert any(cards[1].situation[:40] in line for line in lines)
