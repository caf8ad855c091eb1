"""Spotting details that could identify a person someone supports."""

from __future__ import annotations

import pytest

from outcomes_bot.privacy import PATTERNS, find, mask, nhs_number_valid
from outcomes_bot.teams import parse_schedule


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("Mrs Jones was upset this morning", ["name"]),
        ("mrs jones was upset", ["name"]),
        ("Mr. Evans-Price rang", ["name"]),
        ("Sister Mary came at ten", ["name"]),
        ("Mrs O'Neill was upset", ["name"]),
        ("Mrs McDonald rang", ["name"]),
        ("Mr van der Berg came", ["name"]),
        ("Mrs Ní Bhriain said so", ["name"]),
        ("Mr Ó Súilleabháin", ["name"]),
        ("went to see nan Betty", ["name"]),
        ("She lives at CF103NP", ["postcode"]),
        ("NHS 943-476-5919", ["nhs_number"]),
        ("Ring her on 07700 900123 or +44 7700 900124", ["phone", "phone"]),
        ("Landline 01792 123456", ["phone"]),
        ("Her email is jo.bevan@example.co.uk", ["email"]),
        ("She lives near SA1 8PP", ["postcode"]),
        ("Born 03/04/1941", ["date_of_birth"]),
        ("Born on 3rd March 1941", ["date_of_birth"]),
        ("NHS number 943 476 5919", ["nhs_number"]),
        ("NHS number 9434765919", ["nhs_number"]),
        # not identifying
        ("NHS number 9434765918, check digit wrong", []),
        ("I miss going out with her", []),
        ("My sister said she was fine", []),
        ("She has MS and gets tired", []),
        ("MR morphine 10mg at night", []),
        ("Her dr appointment is today", []),
        ("The MS nurse came", []),
        ("Nurse Practitioner visited", []),
        ("Her nan. She was fine", []),
        ("We had tea at 10:30 and she's 87", []),
        ("What matters most to you about the garden?", []),
        ("Give him 2 tablets at 8", []),
    ],
)
def test_identifying_details_are_found_and_ordinary_words_are_not(text, kinds):
    assert [f.kind for f in find(text)] == kinds


def test_nhs_numbers_use_the_modulus_11_check_digit():
    assert nhs_number_valid("9434765919") and nhs_number_valid("4010232137")
    assert not nhs_number_valid("9434765918") and not nhs_number_valid("123456789") and not nhs_number_valid("x" * 10)
    assert not nhs_number_valid("0000000010")  # a check digit of 10 is never valid


def test_masking_replaces_each_detail_and_keeps_the_rest():
    labels = {kind: f"[{kind}]" for kind in PATTERNS}
    text = "Mrs Jones (SA1 8PP) rang 07700 900123"
    assert mask(text, find(text), labels) == "[name] ([postcode]) rang [phone]"
    text = "Mrs O'Neill and Mr McDonald were upset"
    assert mask(text, find(text), labels) == "[name] and [name] were upset"  # no surname left behind


@pytest.mark.parametrize(
    "args, parsed",
    [
        ("weekly mon 09:00 What went well?", ("mon", "09:00", "What went well?")),
        ("weekly Monday 9:05 Hi", ("mon", "09:05", "Hi")),
        ("daily 17:30 End of day", ("sun,mon,tue,wed,thu,fri,sat", "17:30", "End of day")),
        ("weekdays 08:00 Morning", ("mon,tue,wed,thu,fri", "08:00", "Morning")),
        ("weekly funday 09:00 Hi", None),
        ("weekly mon 25:00 Hi", None),
        ("fortnightly mon 09:00 Hi", None),
        ("weekly mon 09:00", None),
        ("", None),
        ("daily mon 09:00 Hi", None),
        ("weekly  mon   09:00   Two\nlines", ("mon", "09:00", "Two\nlines")),
    ],
)
def test_schedules_are_read_from_plain_words(args, parsed):
    assert parse_schedule(args) == parsed
