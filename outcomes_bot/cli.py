"""The ``outcomes-bot`` command line (click).

Library errors become ``click.ClickException`` here, at the edge, and
nowhere else.
"""

from __future__ import annotations

import getpass
import io
import json
import os
import sys
import uuid
from pathlib import Path

import click

from .coach import evaluate
from .coach import model as trap_model
from .coach.classifier import classify as classify_text
from .coach.classifier import reading
from .content.flows import Flows, check_path, default_flows, flows_dir
from .content.messages import render
from .content.yamlsource import FlowErrors
from .practice.engine import Engine
from .practice.machine import PracticeMachine
from .store.database import Store, StoreError, db_path
from .team import privacy_eval
from .terminal.practice import Terminal, print_json
from .terminal.reflect import ReflectTerminal


def load() -> Flows:
    """Load the flows, or stop with every error, its file, line and fix."""
    try:
        return default_flows()
    except FlowErrors as exc:
        raise click.ClickException("the flows are not valid:\n" + "\n".join(str(e) for e in exc.errors)) from None


def open_store(flows: Flows) -> Store:
    """Open the database, or stop with a plain message saying how to fix it."""
    try:
        return Store()
    except (StoreError, OSError) as exc:
        message = render(flows.messages, "cannot_open_db", path=db_path(), reason=exc.__class__.__name__)
        raise click.ClickException(message) from None


@click.group()
@click.version_option(package_name="outcomes-bot")
def cli() -> None:
    """Practise 'what matters' conversations from the outcomes approach.

    Example: outcomes-bot practice
    """


@cli.command()
@click.option("--scenario", "scenario_id", metavar="ID", help="Who to practise with (see 'outcomes-bot scenarios').")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object on the last line.")
def practice(scenario_id: str | None, as_json: bool) -> None:
    """Practise a conversation in the terminal, or replay one from a pipe.

    Example: outcomes-bot practice --scenario bedtime_story

    Replay a transcript, one worker reply per line:

        outcomes-bot practice --scenario bedtime_story --json < transcript.txt
    """
    flows = load()
    if scenario_id is not None and scenario_id not in flows.scenarios:
        raise click.BadParameter(
            render(flows.messages, "unknown_scenario", id=scenario_id, ids=", ".join(flows.scenarios)),
            param_hint="--scenario",
        )
    stdin = sys.stdin or io.StringIO()  # a closed stdin reads as empty
    interactive = stdin.isatty()
    terminal = Terminal(Engine(flows, open_store(flows)), f"terminal:{uuid.uuid4().hex[:12]}")
    if scenario_id is None:
        if interactive:
            scenario_id = terminal.choose(stdin)
            if scenario_id is None:
                click.echo()
                return
        else:
            scenario_id = next(iter(flows.scenarios))
            click.echo(render(flows.messages, "terminal_default_scenario", id=scenario_id), err=True)
    report = terminal.run(scenario_id, stdin, interactive)
    if as_json:
        print_json(report)


@cli.command()
@click.option("--webhook-url", metavar="URL", help="Serve a webhook at this public HTTPS URL instead of polling.")
@click.option("--listen", default="0.0.0.0", show_default=True, help="Webhook mode: the address to listen on.")
@click.option("--port", default=8443, show_default=True, type=click.IntRange(1, 65535), help="Webhook mode: the port.")
@click.option(
    "--secret-token",
    envvar="TELEGRAM_WEBHOOK_SECRET",
    metavar="TEXT",
    help="Webhook mode: the secret Telegram must send (default: a new random one at each start).",
)
@click.option(
    "--max-rate",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=1),
    help="The most messages a second to send to Telegram, overall.",
)
def run(webhook_url: str | None, listen: str, port: int, secret_token: str | None, max_rate: float) -> None:
    """Run the Telegram bot: it polls when TELEGRAM_BOT_TOKEN is set (TELEGRAM_API_URL picks the server).

    Example: TELEGRAM_BOT_TOKEN=123:ABC outcomes-bot run
    """
    flows = load()
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        click.echo(render(flows.messages, "bot_no_token"))
        raise SystemExit(2)
    from . import telegram_bot
    from .store import runlock
    from .telegram_bot import logs

    try:
        runlock.hold(db_path())  # one bot per database, for as long as this process runs
    except runlock.AlreadyRunning:
        raise click.ClickException(render(flows.messages, "bot_already_running", path=db_path())) from None
    logs.configure(token)
    api_url = os.environ.get("TELEGRAM_API_URL") or telegram_bot.app.TELEGRAM_API
    admins = telegram_bot.Settings.admins_from(os.environ.get("OUTCOMES_ADMINS", ""))
    settings = telegram_bot.Settings(token, api_url, max_rate, admins)
    try:
        telegram_bot.run(settings, Engine(flows, open_store(flows)), webhook_url, listen, port, secret_token)
    except telegram_bot.InvalidToken:
        raise click.ClickException(render(flows.messages, "bot_bad_token")) from None
    except telegram_bot.NetworkError as exc:
        raise click.ClickException(
            render(flows.messages, "bot_no_network", url=settings.api_url, reason=exc.__class__.__name__)
        ) from None


def terminal_user() -> str:
    """Who is at this terminal, so their reflections are theirs from one run to the next."""
    try:
        return f"terminal:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name, e.g. in some containers
        return "terminal:local"


@cli.command()
@click.option("--card", is_flag=True, help="Draw a reflection card and write about it.")
@click.option("--list", "show_list", is_flag=True, help="Show your reflections instead of writing one.")
def reflect(card: bool, show_list: bool) -> None:
    """Write a reflection, kept private in the database; you're warned about identifying details first.

    Example: outcomes-bot reflect --card

    From a pipe, the whole of stdin is the reflection (identifying details are masked):

        echo "Asking about her garden opened things up" | outcomes-bot reflect
    """
    flows = load()
    screen = ReflectTerminal(Engine(flows, open_store(flows)), terminal_user())
    if show_list:
        screen.show(screen.reflections.mine(screen.user, 0))
        return
    stdin = sys.stdin or io.StringIO()
    screen.reflect(stdin, stdin.isatty(), card)


@cli.command("supervision-prep")
def supervision_prep() -> None:
    """Prepare for supervision: the guide's questions one at a time, ending in an agenda you keep.

    Example: outcomes-bot supervision-prep
    """
    flows = load()
    stdin = sys.stdin or io.StringIO()
    ReflectTerminal(Engine(flows, open_store(flows)), terminal_user()).prepare(stdin, stdin.isatty())


@cli.command()
def scenarios() -> None:
    """List the scenarios: the id first, then the title.

    Example: outcomes-bot scenarios
    """
    for scenario in load().scenarios.values():
        click.echo(f"{scenario.id}\t{scenario.title}")


@cli.command()
@click.option("--jsonl", "as_jsonl", is_flag=True, help='Read JSON lines: {"text": ..., "before": "what they said"}.')
def classify(as_jsonl: bool) -> None:
    """Classify utterances, one per line on stdin, into traps and moves (JSON lines).

    With --jsonl each line is an object with "text" and, optionally, "before":
    what the person said just before, which tells a reflection from a remark.

    Example: echo "I think you should move to a care home" | outcomes-bot classify
    """
    rules = load().rules
    for number, line in enumerate(sys.stdin or (), 1):
        text, before, problem = _utterance(line.rstrip("\r\n"), as_jsonl)
        if problem:
            click.echo(json.dumps({"line": number, "error": problem}))
            continue
        result = classify_text(text, rules=rules, before=before)
        shown = {"text": text, **({"before": before} if before else {})}
        click.echo(
            json.dumps(
                {
                    **shown,
                    "traps": result.trap_ids,
                    "moves": result.move_ids,
                    "neutral": [d.id for d in result.neutral] if result.is_neutral else [],
                    "evidence": {d.id: d.evidence for d in (*result.traps, *result.moves)},
                },
                ensure_ascii=False,
            )
        )


def _utterance(line: str, as_jsonl: bool) -> tuple[str, str, str]:
    """(text, before, problem) from one input line; the problem says what is wrong with it and how to fix it."""
    if not as_jsonl:
        return line, "", ""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return "", "", f'not JSON ({exc.msg}); write one object per line, like {{"text": "..."}}'
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        return "", "", 'no "text"; write one object per line, like {"text": "...", "before": "..."}'
    before = row.get("before") or ""
    return row["text"], before if isinstance(before, str) else "", ""


SPLIT_OPTION = click.option(
    "--split",
    type=click.Choice(["test", "dev", "all"]),
    default="test",
    show_default=True,
    help="Which part of the labelled set to measure on.",
)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print every figure as one JSON object.")
ERRORS_OPTION = click.option("--errors", "show_errors", is_flag=True, help="Also list what was got wrong.")
CHECK_OPTION = click.option(
    "--check", is_flag=True, help="Exit with an error if a headline figure falls below its floor (for CI)."
)


def eval_options(command):
    """The options every `eval` command takes (and `eval` itself, for its default)."""
    for option in (CHECK_OPTION, ERRORS_OPTION, JSON_OPTION, SPLIT_OPTION):
        command = option(command)
    return command


LABELLED_SET = click.argument("path", required=False, type=click.Path(path_type=Path, exists=True, dir_okay=False))


@cli.group("eval", invoke_without_command=True)
@eval_options
@click.pass_context
def eval_group(context: click.Context, split: str, as_json: bool, show_errors: bool, check: bool) -> None:
    """Measure the coach (`eval coach`, the default) or the identifying-details check (`eval privacy`).

    Options given before the subcommand apply to it too.

    Example: outcomes-bot eval --split test --check
    """
    if context.invoked_subcommand is None:
        context.invoke(eval_coach, split=split, as_json=as_json, show_errors=show_errors, check=check)


def _from_group(context: click.Context, split: str, as_json: bool, show_errors: bool, check: bool) -> tuple:
    """The options, with any given to `eval` before the subcommand ("eval --json privacy")."""
    parent = context.parent.params if context.parent is not None else {}
    given_here = context.get_parameter_source("split") != click.core.ParameterSource.DEFAULT
    if parent.get("split", "test") != "test" and not given_here:
        split = parent["split"]
    flags = (as_json or parent.get("as_json", False), show_errors or parent.get("show_errors", False))
    return split, *flags, check or parent.get("check", False)


@eval_group.command("coach")
@LABELLED_SET
@eval_options
@click.pass_context
def eval_coach(
    context: click.Context,
    path: Path | None = None,
    split: str = "test",
    as_json: bool = False,
    show_errors: bool = False,
    check: bool = False,
) -> None:
    """Measure the coach on a labelled corpus (data/corpus.jsonl by default).

    Example: outcomes-bot eval coach --split test --check
    """
    split, as_json, show_errors, check = _from_group(context, split, as_json, show_errors, check)
    items = _corpus(path, split)
    figures = evaluate.evaluate(items, load().rules)
    figures["split"], figures["meets_targets"] = split, evaluate.meets(figures)
    lines = [
        f"  {row['id']}: {row['gold'] or '-'} -> {row['got'] or '-'}; "
        f"{row['gold_moves'] or '-'} -> {row['got_moves'] or '-'}: {row['text']}"
        + (f"  [before: {row['before']}]" if row.get("before") else "")
        for row in figures["errors"]
    ]
    _figures(
        figures,
        evaluate.render,
        "the coach got wrong (traps, then moves: labelled -> got)",
        lines,
        as_json,
        show_errors,
    )
    below = evaluate.missed(figures, evaluate.GATE)
    if check and below:
        raise click.ClickException("worse than this version's floor on the " + split + " split: " + "; ".join(below))


def _figures(figures: dict, render_text, heading: str, errors: list[str], as_json: bool, show_errors: bool) -> None:
    """Print an evaluation's figures (as text or one JSON object), and what it got wrong if asked."""
    rows = figures.pop("errors")
    if as_json:
        click.echo(json.dumps({**figures, **({"errors": rows} if show_errors else {})}, ensure_ascii=False))
        return
    click.echo(render_text(figures, figures["split"]))
    if show_errors:
        click.echo(f"\nwhat {heading}:")
        click.echo("\n".join(errors))


@eval_group.command("privacy")
@LABELLED_SET
@eval_options
@click.pass_context
def eval_privacy(
    context: click.Context, path: Path | None, split: str, as_json: bool, show_errors: bool, check: bool
) -> None:
    """Measure the identifying-details check on a labelled set (data/privacy.jsonl by default).

    Recall (texts with an identifying detail that are flagged), false alarms
    (texts without one that are flagged), recall for each kind, and the slowest
    of a list of hard inputs in milliseconds.

    Example: outcomes-bot eval privacy --check
    """
    split, as_json, show_errors, check = _from_group(context, split, as_json, show_errors, check)
    try:
        items = privacy_eval.load_set(path or privacy_eval.default_set())
    except (privacy_eval.SetError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    words = load().privacy
    figures = privacy_eval.evaluate([i for i in items if split == "all" or i.split == split], words)
    figures = {"split": split, **figures, **privacy_eval.slowest(words)}
    lines = [
        f"  {row['id']} {row['error']}: {', '.join(row['expected']) or 'none'} -> "
        f"{', '.join(f'{kind} {text!r}' for kind, text in row['found']) or 'nothing'}: {row['text']}"
        for row in figures["errors"]
    ]
    _figures(figures, privacy_eval.render, "the check got wrong (labelled -> found)", lines, as_json, show_errors)
    below = privacy_eval.missed(figures)
    if check and below:
        raise click.ClickException("below the floor on the " + split + " split: " + "; ".join(below))


@cli.group(invoke_without_command=True)
@click.pass_context
def bench(context: click.Context) -> None:
    """Benchmarks: the coach (`bench coach`, the default) and the Telegram bot (`bench telegram`).

    Example: outcomes-bot bench telegram --users 50
    """
    if context.invoked_subcommand is None:
        context.invoke(bench_coach)


@bench.command("coach")
@click.argument("path", required=False, type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--repeat",
    default=20,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="How many times to classify the whole corpus.",
)
def bench_coach(path: Path | None = None, repeat: int = 20) -> None:
    """Benchmark the coach: classify every corpus utterance repeatedly on one core, and the slowest hard input.

    Example: outcomes-bot bench coach --repeat 20
    """
    texts, rules = [item.text for item in _corpus(path, "all")], load().rules
    figures = {**evaluate.benchmark(texts, rules, repeat), **evaluate.slowest_input(rules)}
    click.echo(json.dumps(figures))


@bench.command("telegram")
@click.option("--users", default=50, show_default=True, type=click.IntRange(1, 10_000), help="Users practising.")
@click.option("--big", default=10_000, show_default=True, type=click.IntRange(0), help="Users in the big database.")
@click.option(
    "--rounds", default=3, show_default=True, type=click.IntRange(1, 20), help="Turns the echo and practice bots take."
)
@click.option("--json", "as_json", is_flag=True, help="Print every figure as one JSON object.")
def bench_telegram(users: int, big: int, rounds: int, as_json: bool) -> None:
    """Benchmark the Telegram bot in one process, Bot API stubbed, beside a bare PTB echo bot.

    Example: outcomes-bot bench telegram --users 50 --json
    """
    from .telegram_bot import bench as telegram_bench

    figures = telegram_bench.run(load(), users=users, big_users=big, rounds=rounds)
    if as_json:
        click.echo(json.dumps(figures))
        return
    click.echo(telegram_bench.render(figures))


def _corpus(path: Path | None, split: str) -> list[evaluate.Item]:
    """Load the corpus, or stop with the line and the fix."""
    try:
        items = evaluate.load_corpus(path or evaluate.default_corpus())
    except (evaluate.CorpusError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    return [i for i in items if split == "all" or i.split == split]


@cli.group()
def model() -> None:
    """The word model that backs up the coach's rules.

    Example: outcomes-bot model train
    """


@model.command("train")
@click.argument("path", required=False, type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--threshold",
    default=0.85,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="How sure the model must be before it names a trap the rules missed.",
)
@click.option(
    "--cautious-threshold",
    default=0.9,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="How sure it must be when the rules half-heard a reflection.",
)
def model_train(path: Path | None, threshold: float, cautious_threshold: float) -> None:
    """Train the word model on the corpus's dev split and save it inside the package.

    Example: outcomes-bot model train --threshold 0.85
    """
    items, rules = _corpus(path, "dev"), load().rules
    texts = [reading(i.text, rules) for i in items]
    classes = trap_model.word_classes(rules.flow.word_classes)
    trained = trap_model.train(texts, [i.traps for i in items], threshold, cautious_threshold, classes=classes)
    trap_model.MODEL_PATH.write_text(json.dumps(trained, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    click.echo(
        f"Trained on {trained['trained_on']} dev utterances, {trained['vocabulary']} features; "
        f"saved to {trap_model.MODEL_PATH}"
    )


@model.command("cv")
@click.argument("path", required=False, type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--thresholds",
    "pairs",
    multiple=True,
    default=("0.8,0.9", "0.85,0.9", "0.9,0.95"),
    show_default=True,
    metavar="T,C",
    help="A threshold and a cautious threshold to compare (repeat the option for more).",
)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Folds trained at once.")
@click.option("--no-classes", is_flag=True, help="Train without the word classes, to see what they add.")
def model_cv(path: Path | None, pairs: tuple[str, ...], workers: int, no_classes: bool) -> None:
    """Cross-validate the word model on dev, one writer held out at a time (never reads test).

    Example: outcomes-bot model cv --thresholds 0.8,0.9 --thresholds 0.9,0.95
    """
    try:
        thresholds = [(float(a), float(b)) for a, b in (pair.split(",") for pair in pairs)]
    except ValueError:
        raise click.BadParameter("give each as two numbers, e.g. 0.9,0.95", param_hint="--thresholds") from None
    rules = load().rules
    items = _corpus(path, "dev")
    alone = evaluate.evaluate(items, rules)["rules_alone"]
    heads = ("any_trap_recall", "weakest_trap_recall", "right_type", "false_alarm_rate", "neutral_read")

    def line(label: str, row: dict) -> str:
        """One row of the table; a figure with nothing to measure shows as '-'."""
        return f"{label:<14}" + "".join(f"{'-' if row[h] is None else format(row[h], '.3f'):>17}" for h in heads)

    click.echo(f"{'setting':<14}" + "".join(f"{h[:15]:>17}" for h in heads))
    click.echo(line("rules alone", alone))
    options = {"classes": {}} if no_classes else {}
    for row in evaluate.cross_validate(items, rules, thresholds, workers=workers, **options):
        click.echo(line(f"{row['threshold']:.2f}/{row['cautious_threshold']:.2f}", row))


@cli.group()
def flows() -> None:
    """Check and draw the flows under flows/.

    Example: outcomes-bot flows check
    """


@flows.command("check")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def flows_check(path: Path | None) -> None:
    """Validate flows: the schema, then the meaning. Exits 1 on any error.

    Example: outcomes-bot flows check flows/scenarios/bedtime_story.yaml
    """
    loaded, errors = check_path(path or flows_dir())
    if errors:
        for error in errors:
            click.echo(str(error), err=True)
        raise SystemExit(1)
    assert loaded is not None
    click.echo(
        render(
            loaded.messages,
            "flows_ok",
            scenarios=len(loaded.scenarios),
            traps=len(loaded.coach.traps),
            moves=len(loaded.coach.moves),
            stages=len(loaded.practice.stages),
        )
    )


@flows.command("diagram")
def flows_diagram() -> None:
    """Print the practice conversation's state machine as a Mermaid diagram.

    Example: outcomes-bot flows diagram > practice.mmd
    """
    click.echo(PracticeMachine(load().practice).mermaid())
