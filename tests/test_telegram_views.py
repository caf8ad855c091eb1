"""How replies are laid out for a phone: escaping, splitting at 4,096, buttons, and button data."""

from __future__ import annotations

import pytest
from botapi import parse_html, utf16

from outcomes_bot.content.messages import render as render_message
from outcomes_bot.practice.engine import Reply
from outcomes_bot.replies import Button
from outcomes_bot.telegram_bot.views import LIMIT, Signer, View, split


@pytest.fixture
def view(flows):
    """The view, with messages.yaml wording and a known key."""
    return View(lambda key, **values: render_message(flows.messages, key, **values), Signer("k" * 64))


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


def test_a_turn_is_the_person_then_the_coach_in_one_message_with_progress_and_buttons(view):
    replies = [
        Reply("persona", "I don't <need> that & you know it.", speaker="Dai"),
        Reply("coach", 'Expert trap: "I know best"\nYou said: "<you should>"'),
        Reply("progress", "Stage 1 of 5: open, engaging questions · trust 2/10", data={"session": "abc123"}),
    ]
    (turn,) = view.render(replies)
    person, coach = parse_html(turn.html).split("\n\n🧭 Coach\n")
    assert person == "🗣 Dai\nI don't <need> that & you know it."
    assert coach.startswith('Expert trap: "I know best"\nYou said: "<you should>"')
    assert "\n\n<b>🧭 Coach</b>\n<b>Expert trap" in turn.html
    assert coach.endswith("Stage 1 of 5: open, engaging questions · trust 2/10")
    data = [view.signer.open(b.callback_data) for row in turn.buttons.inline_keyboard for b in row]
    assert data == [("hint", "abc123"), ("think", "abc123"), ("end", "abc123")]


def test_a_person_and_coach_too_long_for_one_message_go_as_two(view):
    replies = [
        Reply("persona", "Well. " * 300, speaker="Dai"),
        Reply("coach", "Expert trap. " * 200),
        Reply("progress", "Stage 1 of 5", data={"session": "abc123"}),
    ]
    person, coach = view.render(replies)
    assert parse_html(person.html).startswith("🗣 Dai\n") and person.buttons is None
    assert parse_html(coach.html).startswith("🧭 Coach\n") and coach.buttons is not None
    assert all(utf16(m.html) <= LIMIT for m in (person, coach))


def test_a_reply_with_its_own_buttons_or_for_someone_else_is_never_joined(view):
    replies = [
        Reply("note", "Saved."),
        Reply("note", "A prompt for you.", to="tg:9"),
        Reply("note", "Share it?", buttons=((Button("Yes", "share", "1.2.3"),),)),
        Reply("note", "Done."),
        Reply("note", "What went well?", data={"round": 4, "prompt": "well"}),
    ]
    messages = view.render(replies)
    assert [(parse_html(m.html), m.to) for m in messages] == [
        ("Saved.", ""),
        ("A prompt for you.", "tg:9"),
        ("Share it?", ""),
        ("Done.", ""),
        ("What went well?", ""),
    ]
    assert messages[-1].data == {"round": 4, "prompt": "well"}


def test_a_long_report_is_split_and_the_last_piece_offers_another_go(view):
    report = "Your conversation with Dai. Replies: 60\n" + "\n".join(
        f'• Reply {n}, Expert trap: "you should <really> & truly"' for n in range(400)
    )
    messages = view.render([Reply("report", report, data={"session": "s1"})])
    assert len(messages) > 1
    assert all(utf16(parse_html(m.html)) <= LIMIT for m in messages)
    assert parse_html(messages[0].html).startswith("📋 Report\nYour conversation with Dai.")
    assert [m.buttons is None for m in messages] == [True] * (len(messages) - 1) + [False]
    under = [view.signer.open(row[0].callback_data) for row in messages[-1].buttons.inline_keyboard]
    assert under == [("rethink", "s1"), ("menu", "practice")]


def test_every_piece_of_html_fits_with_its_markup(view):
    long = "Tea & <toast> " * 700
    replies = [
        Reply("intro", long),
        Reply("coach", long),
        Reply("thought", long),
        Reply("persona", long, speaker="Dai"),
    ]
    for message in view.render(replies):
        assert utf16(message.html) <= LIMIT  # the raw HTML, tags and all
        parse_html(message.html)


def test_reply_buttons_are_signed_and_links_are_links(view):
    reply = Reply(
        "note", "Saved.", buttons=((Button("Share", "share", "1.2.1"),), (Button("Open", url="https://t.me/x"),))
    )
    (message,) = view.render([reply])
    share, link = (row[0] for row in message.buttons.inline_keyboard)
    assert view.signer.open(share.callback_data) == ("share", "1.2.1") and link.url == "https://t.me/x"


def test_only_data_this_bot_signed_is_understood(view):
    good = view.signer.sign("pick", "bedtime_story")
    assert view.signer.open(good) == ("pick", "bedtime_story")
    other = Signer("another key").sign("pick", "bedtime_story")
    tampered = good.replace("bedtime_story", "haircut")
    for forged in (other, tampered, "pick:bedtime_story", good + "\n", good[:-1], "", None, "x" * 64):
        assert view.signer.open(forged) is None
    assert len(view.signer.sign("rethink", "f" * 40).encode()) <= 64
