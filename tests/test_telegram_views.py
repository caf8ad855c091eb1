"""How replies are laid out for a phone: escaping, splitting at 4,096, buttons, and button data."""

from __future__ import annotations

import pytest
from botapi import parse_html, utf16

from outcomes_bot.engine import Reply
from outcomes_bot.messages import render as render_message
from outcomes_bot.telegram_bot.views import LIMIT, parse_callback, render, split


@pytest.fixture
def text(flows):
    """messages.yaml lookups, as the handlers use them."""
    return lambda key, **values: render_message(flows.messages, key, **values)


@pytest.mark.parametrize(
    "body",
    [
        "Tea & toast <b>please</b>, Mrs Jones. " * 400,  # escaping grows it
        "Ll" + "💬" * 5000,  # one 'word' of emoji, two UTF-16 units each
        "\n".join(f"Line {n}: what matters & why" for n in range(600)),
    ],
)
def test_split_pieces_fit_once_escaped_and_lose_nothing(body):
    pieces = split(body)
    assert len(pieces) > 1
    for piece in pieces:
        shown = parse_html(piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
        assert utf16(shown) <= LIMIT and shown == piece
    assert "".join("".join(pieces).split()) == "".join(body.split())


def test_a_turn_is_the_person_then_the_coach_with_progress_and_buttons_under_the_last(text):
    replies = [
        Reply("persona", "I don't <need> that & you know it.", speaker="Dai"),
        Reply("coach", 'Expert trap: "I know best"\nYou said: "<you should>"'),
        Reply("progress", "Stage 1 of 5: open, engaging questions · trust 2/10", data={"session": "abc123"}),
    ]
    person, coach = render(replies, text)
    assert parse_html(person.html) == "🗣 Dai\nI don't <need> that & you know it."
    assert person.buttons is None
    assert parse_html(coach.html).startswith('🧭 Coach\nExpert trap: "I know best"\nYou said: "<you should>"')
    assert coach.html.startswith("<b>🧭 Coach</b>\n<b>Expert trap")
    assert parse_html(coach.html).endswith("Stage 1 of 5: open, engaging questions · trust 2/10")
    data = [b.callback_data for row in coach.buttons.inline_keyboard for b in row]
    assert data == ["hint:abc123", "think:abc123", "end:abc123"]


def test_a_long_report_is_split_and_the_last_piece_offers_another_go(text):
    report = "Your conversation with Dai. Replies: 60\n" + "\n".join(
        f'• Reply {n}, Expert trap: "you should <really> & truly"' for n in range(400)
    )
    messages = render([Reply("report", report)], text)
    assert len(messages) > 1
    assert all(utf16(parse_html(m.html)) <= LIMIT for m in messages)
    assert parse_html(messages[0].html).startswith("📋 Report\nYour conversation with Dai.")
    assert [m.buttons is None for m in messages] == [True] * (len(messages) - 1) + [False]
    assert messages[-1].buttons.inline_keyboard[0][0].callback_data == "menu:practice"


@pytest.mark.parametrize(
    "data, parsed",
    [
        ("pick:bedtime_story", ("pick", "bedtime_story")),
        ("end:0f3a9c", ("end", "0f3a9c")),
        ("forget:yes", ("forget", "yes")),
        ("delete:everything", None),
        ("pick:../../etc", None),
        ("pick:" + "a" * 41, None),
        ("", None),
        (None, None),
        ("end:abc\n", None),
    ],
)
def test_only_our_own_button_data_is_understood(data, parsed):
    assert parse_callback(data) == parsed
