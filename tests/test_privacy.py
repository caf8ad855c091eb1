"""Spotting details that could identify a person someone supports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from re import _parser

import pytest
from click.testing import CliRunner

from outcomes_bot.cli import cli
from outcomes_bot.content.flows import load_flows
from outcomes_bot.team import privacy_eval
from outcomes_bot.team.privacy import KINDS, PATTERNS, Detector, detector, find, mask, nhs_number_valid
from outcomes_bot.team.teams import parse_schedule


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


# Each mechanism, with the near misses it must leave alone: removing the mechanism fails its lines.
@pytest.mark.parametrize(
    "text, kinds",
    [
        # phones in every UK shape: a bracketed area code, spaces, hyphens, +44 with (0), 0044
        ("Ring the surgery on (01234) 567890", ["phone"]),
        ("(029) 2018 0466 if no answer", ["phone"]),
        ("(01632)960123 is the day centre", ["phone"]),
        ("+44 (0)1632 960 555 is the neighbour", ["phone"]),
        ("0044 7700 900 123 in Spain", ["phone"]),
        ("0161-496-0732 her sister", ["phone"]),
        ("Ring 111, or 999 if she falls", []),
        # years of birth, dates given as a birth, ISO dates; not years or days that are not births
        ("She was born 1941", ["date_of_birth"]),
        ("born in 1938 in the valleys", ["date_of_birth"]),
        ("b. 1929, ex miner", ["date_of_birth"]),
        ("YOB 1950", ["date_of_birth"]),
        ("Born March 1945 in Treorchy", ["date_of_birth"]),
        ("Her birthday is 12th June", ["date_of_birth"]),
        ("Date of birth: 1941-04-03", ["date_of_birth"]),
        ("Admitted on 2024-01-15", ["date_of_birth"]),
        ("She was born and bred in Merthyr", []),
        ("Her 90th birthday is in 2024", []),
        ("She has lived here since 2019", []),
        ("He worked down the pit from 1952 to 1985", []),
        ("Her pension comes on the 4th of the month", []),
        ("Rated her pain 6/10 and ate 3/4 of her dinner", []),
        ("Code 2024-13-45 on the box", []),
        # full names without a title, from the lists of given names and surnames
        ("Gwen Roberts enjoyed her garden", ["name"]),
        ("spoke to john griffiths about his tablets", ["name"]),
        ("Eleri ap Gwilym showed me photos", ["name"]),
        ("Mark Stevens phoned the office", ["name"]),
        ("Zbigniew Jones was upset", ["name"]),
        ("Gwen was chatty today", []),
        ("Mary Ann came for tea", []),
        ("Rose Garden Cafe in the park", []),
        ("Drove him to Barry Island for chips", []),
        ("The St John Ambulance volunteers", []),
        ("Took her to Prince Charles Hospital", []),
        ("Grace before meals matters to her", []),
        ("Llandrindod Wells every August", []),
        ("Went to Holy Cross church", []),
        # titles: initials are allowed, and capitals or small letters need a known name when ambiguous
        ("Mr B seemed brighter", []),
        ("Mrs H. was worried about money", []),
        ("MR JAMES SAID HE FELT DIZZY", ["name"]),
        ("MRS PRICE WAS UPSET", ["name"]),
        ("miss jones rang", ["name"]),
        ("I miss going out with her", []),
        ("MR morphine and MS nurse", []),
        # well-known names with a title, and people everyone knows
        ("He used to do Mr Motivator in the front room", []),
        ("She loves Mrs Brown's Boys", []),
        ("We watched Dr Who together", []),
        ("Read her a Mr Men book", []),
        ("She had Mr Kipling's French Fancies", []),
        ("Little Miss Sunshine is her favourite", []),
        ("She asked for Tom Jones on the radio", []),
        ("Aneurin Bevan health board sent a letter", []),
        # addresses: a house number and a street
        ("Visited at 14 Elm Road, she was waiting", ["address"]),
        ("He has moved to 3 Heol y Nant now", ["address"]),
        ("lives at 5 the crescent", ["address"]),
        ("lives at 23 stryd fawr", ["address"]),
        ("31a High Street, above the chemist", ["address"]),
        ("She walked 2 miles down the road", []),
        ("He lives 3 doors down from the shop", []),
        ("She has 3 close friends", []),
        ("She lives 2 streets away", []),
        ("Visit 1 of 4 today at 3pm on Thursday", []),
        # postcodes, not ordinals
        ("Flat B1 2nd floor", []),
        ("Moved to NP20 4AB", ["postcode"]),
        # medicines, doses, money and times
        ("Metformin 500 mg, £12.50 change, tea at 10:30", []),
    ],
)
def test_each_mechanism_finds_its_details_and_leaves_near_misses(text, kinds):
    assert [f.kind for f in find(text)] == kinds


def test_masking_hides_every_detail_addresses_included():
    labels = {kind: f"[{kind}]" for kind in KINDS}
    text = "Gwen Roberts, 14 Elm Road, SA2 0AA, born 1941, on (01234) 567890; DOB 1941-04-03"
    assert mask(text, find(text), labels) == (
        "[name], [address], [postcode], born [date_of_birth], on [phone]; DOB [date_of_birth]"
    )


def test_the_reflection_warning_shows_the_masked_text_with_the_flows_labels(engine):
    from outcomes_bot.team.reflections import Reflections

    replies = Reflections(engine.flows, engine.store).write("u1", "Saw Gwen Roberts at 14 Elm Road, born 1941")
    assert "an address" in replies[0].text and "a name" in replies[0].text
    assert "Saw [name] at [address], born [date]" in replies[0].text


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


# --- time: bounded by counting, never by timing -----------------------------------------------


def test_every_pattern_has_a_bounded_width(flows):
    """A pattern that can only match so much does bounded work wherever it is tried: the check is linear."""
    for name, pattern in detector(flows.privacy).patterns().items():
        low, high = _parser.parse(pattern.pattern, pattern.flags).getwidth()
        assert high <= 1000, (name, high)


@pytest.mark.parametrize("unit, text", privacy_eval.hard_inputs(), ids=[u[:20] for u in privacy_eval.HARD_UNITS])
def test_every_hard_input_is_read_in_steps_that_grow_with_its_length(flows, unit, text):
    """What is handled one by one is at most one step a character, and doubling the text at most doubles it."""
    check = Detector(flows.privacy)
    found, steps = check.cost(text)
    assert steps <= len(text), unit
    half = text[: len(text) // 2]
    assert steps <= 2 * check.cost(half)[1] + 20, unit
    assert all(f.text == text[f.start : f.end] for f in found)  # and every detail is from the text as it is


def test_a_long_text_is_checked_to_its_end():
    """Nothing is skipped: a detail after 90,000 ordinary characters is still found."""
    text = "did you eat " * 7500 + "Her son is on 07700 900461."
    assert [(f.kind, f.text) for f in find(text)] == [("phone", "07700 900461")]


# --- the words are data -------------------------------------------------------------------------


SHIPPED = Path(__file__).resolve().parent.parent / "flows"


def test_the_words_are_checked_with_file_and_line(tmp_path):
    root = tmp_path / "flows"
    shutil.copytree(SHIPPED, root)
    path = root / "privacy.yaml"
    text = path.read_text(encoding="utf-8").replace("abigail, ada,", "abigail, Ada, abigail,", 1)
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "abigail, Ada, abigail," in row)
    result = CliRunner().invoke(cli, ["flows", "check", str(root)])
    assert result.exit_code == 1
    assert f"privacy.yaml:{line}: given_names[1]: 'Ada' is not one lower-case word" in result.output
    assert f"privacy.yaml:{line}: given_names[2]: 'abigail' is listed twice. Fix: remove one of them" in result.output


def test_a_name_added_to_the_words_is_found(tmp_path):
    root = tmp_path / "flows"
    shutil.copytree(SHIPPED, root)
    path = root / "privacy.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("given_names: [", "given_names: [\n  zelig,"), "utf-8")
    words = load_flows(root).privacy
    assert [f.kind for f in find("Zelig Abernathy came", words)] == ["name"]
    assert find("Zelig Abernathy came") == []  # the shipped words do not know him


# --- the labelled set and `eval privacy` --------------------------------------------------------


def test_the_labelled_set_is_big_and_broad_enough():
    items = privacy_eval.load_set(privacy_eval.default_set())
    assert len(items) >= 200 and sum(i.split == "test" for i in items) >= 80
    assert sum(not i.kinds for i in items) >= 100  # many texts with nothing identifying
    assert {k for i in items if i.split == "test" for k in i.kinds} == set(KINDS)
    assert len({i.text for i in items}) == len(items)


def test_the_shipped_check_passes_its_floors_on_the_test_split(flows):
    items = [i for i in privacy_eval.load_set(privacy_eval.default_set()) if i.split == "test"]
    figures = privacy_eval.evaluate(items, flows.privacy)
    assert privacy_eval.missed(figures) == [], figures["errors"]


@pytest.fixture
def small_set(tmp_path, monkeypatch):
    """A labelled set of four texts, and no timing: the slowest figure is fixed."""
    monkeypatch.setattr(
        privacy_eval,
        "slowest",
        lambda words=None: {"slowest_ms": 1.5, "slowest_input": "x ", "hard_inputs": 1, "chars": 10},
    )
    rows = [
        {"id": "a", "text": "Mrs Jones rang", "kinds": ["name"], "split": "test"},
        {"id": "b", "text": "She lives at Rose Cottage", "kinds": ["address"], "split": "test"},
        {"id": "c", "text": "Asked what matters to her", "kinds": [], "split": "test"},
        {"id": "d", "text": "Ring 07700 900123", "kinds": ["phone"], "split": "dev"},
    ]
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return path


def test_eval_privacy_prints_recall_false_alarms_kinds_and_the_slowest(small_set):
    result = CliRunner().invoke(cli, ["eval", "privacy", str(small_set)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "on the test split: 3 texts (2 with identifying details, 1 without)" in out
    assert "recall               0.500  >= 0.95  NOT MET" in out and "false_alarm_rate     0.000  <= 0.05  met" in out
    assert "slowest_ms             1.5  <= 50.0  met" in out
    assert "name                 1.000      1" in out and "address              0.000      1" in out
    errors = CliRunner().invoke(cli, ["eval", "privacy", str(small_set), "--errors"]).output
    assert "  b miss: address -> nothing: She lives at Rose Cottage" in errors
    data = json.loads(CliRunner().invoke(cli, ["eval", "--json", "privacy", str(small_set), "--split", "all"]).output)
    assert data["items"] == 4 and data["split"] == "all" and data["recall"] == 0.667 and data["slowest_ms"] == 1.5
    assert data["kinds"]["phone"] == {"support": 1, "recall": 1.0} and "errors" not in data


def test_eval_privacy_check_fails_below_the_floors(small_set):
    result = CliRunner().invoke(cli, ["eval", "privacy", str(small_set), "--check"])
    assert result.exit_code == 1 and "recall 0.5 (>= 0.95)" in result.output
    dev = CliRunner().invoke(cli, ["eval", "privacy", str(small_set), "--split", "dev", "--check"])
    assert dev.exit_code == 0, dev.output


def test_a_bad_line_of_the_labelled_set_is_named(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1", "text": "x", "kinds": ["shoe_size"], "split": "dev"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "privacy", str(path)])
    assert result.exit_code == 1 and f"{path}:1: unknown kind 'shoe_size'" in result.output


def test_eval_alone_still_measures_the_coach_with_its_options(monkeypatch):
    from outcomes_bot.cli import evaluation as cli_module
    from outcomes_bot.coach.evaluate import Item

    seen = []
    monkeypatch.setattr(
        cli_module, "_corpus", lambda path, split: seen.append(split) or [Item("1", "What helps?", (), (), split)]
    )
    data = json.loads(CliRunner().invoke(cli, ["eval", "--split", "dev", "--json"]).output)
    assert data["split"] == "dev" and data["items"] == 1 and seen == ["dev"]
    assert CliRunner().invoke(cli, ["eval", "--check"]).exit_code in (0, 1) and seen[-1] == "test"
