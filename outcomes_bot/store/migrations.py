"""Every schema change, in the order it was made: sqlite-utils migrations, applied when a ``Store`` opens.

A migration, once released, never changes: a database made by an older version
has run it already, and runs only the ones after it. Add a change as a new
migration at the end; never rename or reorder one (the names are recorded in
``_sqlite_migrations``).

Tables whose integer ``id`` is never reused (``AUTOINCREMENT``) are written out
as SQL, because sqlite-utils' ``create`` has no option for that keyword
(simonw/sqlite-utils#664). Buttons carry ids: if a deleted row's id came back
for a new row, an old button would act on something its presser never saw.
"""

# long because a released migration never moves or changes: the file only grows, one migration at the end

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("outcomes_bot")


@migrations()
def m001_practice(db: Database) -> None:
    """Practice sessions and their turns."""
    db.table("sessions").create(
        {
            "id": str,
            "user": str,
            "scenario": str,
            "started_at": str,
            "ended_at": str,
            "active": int,
            "state": str,
            "report": str,
        },
        pk="id",
    )
    db.table("sessions").create_index(["user", "active"])
    db.table("turns").create(
        {
            "id": int,
            "session_id": str,
            "turn": int,
            "text": str,
            "moves": str,
            "traps": str,
            "stage": int,
            "trust": int,
            "reply": str,
            "thought": str,
            "fact": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db.table("turns").create_index(["session_id", "turn"], unique=True)


@migrations()
def m002_questions(db: Database) -> None:
    """Each turn's questions, open or closed, counted one by one for the report."""
    db.table("turns").add_column("questions", str, not_null_default="[]")


@migrations()
def m003_handled_updates(db: Database) -> None:
    """Which Telegram updates have been handled, so one delivered again after a crash is not handled twice."""
    db.table("handled_updates").create({"update_id": int, "handled_at": str}, pk="update_id")
    db.table("turns").add_column("source", str, not_null_default="")


TEAMS = """
CREATE TABLE "teams" (
   "id" INTEGER PRIMARY KEY AUTOINCREMENT,
   "name" TEXT,
   "code_hash" TEXT,
   "created_by" TEXT,
   "created_at" TEXT
)"""
MEMBERS = """
CREATE TABLE "members" (
   "id" INTEGER PRIMARY KEY AUTOINCREMENT,
   "team_id" INTEGER REFERENCES "teams"("id"),
   "user" TEXT,
   "role" TEXT,
   "joined_at" TEXT
)"""
PROMPTS = """
CREATE TABLE "prompts" (
   "id" INTEGER PRIMARY KEY AUTOINCREMENT,
   "team_id" INTEGER REFERENCES "teams"("id"),
   "text" TEXT,
   "sent_by" TEXT,
   "sent_at" TEXT,
   "schedule_id" INTEGER
)"""
REFLECTIONS = """
CREATE TABLE "reflections" (
   "id" INTEGER PRIMARY KEY AUTOINCREMENT,
   "user" TEXT,
   "text" TEXT,
   "kind" TEXT,
   "ref" TEXT,
   "prompt_id" INTEGER,
   "created_at" TEXT,
   "version" INTEGER
)"""
SCHEDULES = """
CREATE TABLE "schedules" (
   "id" INTEGER PRIMARY KEY AUTOINCREMENT,
   "team_id" INTEGER REFERENCES "teams"("id"),
   "text" TEXT,
   "days" TEXT,
   "at" TEXT,
   "created_by" TEXT,
   "created_at" TEXT
)"""


@migrations()
def m004_teams(db: Database) -> None:
    """Teams and members, reflections and who they are shared with, prompts, schedules, pending input."""
    db.table("users").create({"user": str, "name": str, "current_team": int}, pk="user")
    db.execute(TEAMS)
    db.execute(MEMBERS)
    db.table("members").create_index(["team_id", "user"], unique=True)
    db.table("members").create_index(["user"])
    db.execute(PROMPTS)
    db.execute(REFLECTIONS)
    db.table("reflections").create_index(["user"])
    db.table("shares").create(
        {"reflection_id": int, "team_id": int, "shared_at": str},
        pk=("reflection_id", "team_id"),
        foreign_keys=[("reflection_id", "reflections", "id"), ("team_id", "teams", "id")],
    )
    db.table("deliveries").create({"user": str, "ref": str, "prompt_id": int}, pk=("user", "ref"))
    db.execute(SCHEDULES)
    db.table("pending").create({"user": str, "kind": str, "data": str, "created_at": str}, pk="user")
    db.table("secrets").create({"name": str, "value": str}, pk="name")


ROUNDS = """
CREATE TABLE "rounds" (
   "id" INTEGER PRIMARY KEY AUTOINCREMENT,
   "chat_id" INTEGER,
   "kind" TEXT,
   "story_id" TEXT,
   "started_by" TEXT,
   "started_at" TEXT,
   "closes_at" TEXT,
   "closed_at" TEXT,
   "token" TEXT
)"""
ANSWERS = """
CREATE TABLE "answers" (
   "id" INTEGER PRIMARY KEY AUTOINCREMENT,
   "round_id" INTEGER,
   "chat_id" INTEGER,
   "user" TEXT,
   "name" TEXT,
   "prompt" TEXT,
   "text" TEXT,
   "private" INTEGER,
   "shared" INTEGER,
   "created_at" TEXT
)"""
ACTIONS = """
CREATE TABLE "actions" (
   "id" INTEGER PRIMARY KEY AUTOINCREMENT,
   "round_id" INTEGER,
   "chat_id" INTEGER,
   "text" TEXT,
   "who" TEXT,
   "by_when" TEXT,
   "user" TEXT,
   "done" INTEGER,
   "created_at" TEXT
)"""
FOLLOWUPS = """
CREATE TABLE "followups" (
   "id" INTEGER PRIMARY KEY AUTOINCREMENT,
   "round_id" INTEGER,
   "chat_id" INTEGER,
   "due_at" TEXT,
   "sent_at" TEXT
)"""


@migrations()
def m005_teabrief(db: Database) -> None:
    """Group settings, rounds and the bot's messages in them, answers, consent, actions, follow-ups."""
    db.table("groups").create(
        {"chat_id": int, "team_id": int, "supervisors_only": int, "followup_days": int, "share_and_tell": int},
        pk="chat_id",
    )
    db.execute(ROUNDS)
    db.table("rounds").create_index(["chat_id"])
    db.table("round_messages").create(
        {"chat_id": int, "ref": str, "round_id": int, "prompt": str}, pk=("chat_id", "ref")
    )
    db.execute(ANSWERS)
    db.table("answers").create_index(["round_id"])
    db.table("answers").create_index(["user"])
    db.table("named").create({"round_id": int, "user": str}, pk=("round_id", "user"))
    db.execute(ACTIONS)
    db.execute(FOLLOWUPS)


@migrations()
def m006_rounds_without_starter(db: Database) -> None:
    """Rounds no longer record who started them: nothing read it, and /forget left it behind."""
    db.table("rounds").transform(drop={"started_by"})


@migrations()
def m007_quiz(db: Database) -> None:
    """The personal-outcomes quiz: what each worker last answered, quizzes running, and their open polls.

    ``quiz_history`` holds a worker's own answers (a group's are kept under ``group:<chat id>``,
    as a team, never per person). ``quiz_polls`` maps a Telegram poll to its chat and statement;
    a group poll keeps only counts of right and wrong answers, never who gave them.
    """
    db.table("quiz_history").create(
        {"user": str, "number": int, "right": int, "answered_at": str}, pk=("user", "number")
    )
    db.table("quiz_runs").create(
        {"chat_id": int, "user": str, "numbers": str, "answers": str, "started_at": str, "closes_at": str},
        pk="chat_id",
    )
    db.table("quiz_polls").create(
        {
            "poll_id": str,
            "chat_id": int,
            "user": str,
            "number": int,
            "position": int,
            "is_group": int,
            "right": int,
            "wrong": int,
        },
        pk="poll_id",
    )
    db.table("quiz_polls").create_index(["chat_id"])
    db.table("quiz_polls").create_index(["user"])


CULTURE = (  # WITHOUT ROWID: no hidden row number keeps the order answers came in
    'CREATE TABLE "culture_rounds" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "team_id" INTEGER, "opened_by" TEXT, '
    '"opened_at" TEXT, "closed_at" TEXT)',
    'CREATE TABLE "culture_done" ("round_id" INTEGER, "user" TEXT, PRIMARY KEY ("round_id", "user")) WITHOUT ROWID',
    'CREATE TABLE "culture_counts" ("round_id" INTEGER, "point" TEXT, "score" INTEGER, "n" INTEGER, '
    'PRIMARY KEY ("round_id", "point", "score")) WITHOUT ROWID',
    'CREATE TABLE "culture_taps" ("round_id" INTEGER, "user" TEXT, "scores" TEXT, PRIMARY KEY ("round_id", "user")) '
    "WITHOUT ROWID",
    'CREATE TABLE "culture_actions" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "round_id" INTEGER, "point" TEXT, '
    '"what" TEXT, "who" TEXT, "by_when" TEXT, "evidence" TEXT, "created_by" TEXT, "created_at" TEXT, "due_at" TEXT, '
    '"rag" TEXT, "reviewed_at" TEXT, "asked_at" TEXT)',
)


@migrations()
def m008_culture_star(db: Database) -> None:
    """The culture star: rounds, who has answered (not what), the scores as anonymous counts, taps, actions.

    ``culture_counts`` holds only how many gave each score to each point, added once a member has tapped
    all eight (``culture_taps`` holds theirs until then); ``culture_done`` says who answered, not what.
    """
    for sql in CULTURE:
        db.execute(sql)
    db.table("culture_rounds").create_index(["team_id"])


@migrations()
def m009_nudges(db: Database) -> None:
    """Weekly reminders a worker sets (``reminders``), and the teams a worker shares their progress with.

    ``reminders`` holds one row per person: the day (0 Sunday to 6 Saturday, as the job queue counts) and
    the hour, UK time. ``progress_shares`` is a worker's consent, per team, for its supervisors to see
    their progress; withdrawn by deleting the row, and gone when they leave the team.
    """
    db.table("reminders").create({"user": str, "day": int, "hour": int, "set_at": str}, pk="user")
    db.table("progress_shares").create({"user": str, "team_id": int, "shared_at": str}, pk=("user", "team_id"))
    db.table("progress_shares").create_index(["team_id"])


@migrations()
def m010_focus(db: Database) -> None:
    """The skill a worker chose to focus on in their next practice session; ``taken_by`` the session that took it."""
    db.table("focus").create({"user": str, "skill": str, "chosen_at": str, "taken_by": str}, pk="user")


@migrations()
def m011_culture_shown(db: Database) -> None:
    """What the culture star shows of a round: a copy of its counts, refreshed only every ``threshold`` answers.

    ``culture_shown`` holds how many gave each score to each point, and ``answered``, how many answers
    that copy reflects. It is refreshed (in the transaction that adds a member's eight scores) only when
    ``threshold`` more answers have come in since, so two views differ by at least that many answers,
    never by one person's. No person, time or id (WITHOUT ROWID: no hidden row number either).
    """
    db.execute(
        'CREATE TABLE "culture_shown" ("round_id" INTEGER, "point" TEXT, "score" INTEGER, "n" INTEGER, '
        '"answered" INTEGER, PRIMARY KEY ("round_id", "point", "score")) WITHOUT ROWID'
    )
    db.execute(  # rounds already shown live (3, the threshold then, or more answers) stay shown as they stand
        "INSERT INTO culture_shown (round_id, point, score, n, answered) "
        "SELECT c.round_id, c.point, c.score, c.n, t.answers FROM culture_counts c JOIN "
        "(SELECT round_id, max(total) AS answers FROM "
        "(SELECT round_id, sum(n) AS total FROM culture_counts GROUP BY round_id, point) GROUP BY round_id) t "
        "ON t.round_id = c.round_id WHERE t.answers >= 3"
    )
