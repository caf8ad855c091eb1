"""SQL for teams, reflections, prompts, schedules and half-finished input.

A mixin of ``Store`` (``store.py``), kept apart so each file stays readable;
together they are the only code that touches the database. Access control is
not decided here: these methods do what they are asked, and the services
(``teams.py``, ``reflections.py``) decide who may ask.
"""

from __future__ import annotations

import json
import secrets

from sqlite_utils import Database

from ..clock import later, now


def create(db: Database, name: str, columns: dict, **options) -> None:
    """Create a table whose integer ``id`` is never reused (AUTOINCREMENT).

    Buttons carry ids; if a deleted row's id came back for a new row, an old
    button would act on something its presser never saw.
    """
    sql = db.create_table_sql(name, columns, pk="id", **options)
    db.execute(sql.replace('"id" INTEGER PRIMARY KEY', '"id" INTEGER PRIMARY KEY AUTOINCREMENT', 1))


def m004_teams(db: Database) -> None:
    """Teams and members, reflections and who they are shared with, prompts, schedules, pending input."""
    db["users"].create({"user": str, "name": str, "current_team": int}, pk="user")
    create(db, "teams", {"id": int, "name": str, "code_hash": str, "created_by": str, "created_at": str})
    create(
        db,
        "members",
        {"id": int, "team_id": int, "user": str, "role": str, "joined_at": str},
        foreign_keys=[("team_id", "teams", "id")],
    )
    db["members"].create_index(["team_id", "user"], unique=True)
    db["members"].create_index(["user"])
    create(
        db,
        "prompts",
        {"id": int, "team_id": int, "text": str, "sent_by": str, "sent_at": str, "schedule_id": int},
        foreign_keys=[("team_id", "teams", "id")],
    )
    create(
        db,
        "reflections",
        {
            "id": int,
            "user": str,
            "text": str,
            "kind": str,
            "ref": str,
            "prompt_id": int,
            "created_at": str,
            "version": int,
        },
    )
    db["reflections"].create_index(["user"])
    db["shares"].create(
        {"reflection_id": int, "team_id": int, "shared_at": str},
        pk=("reflection_id", "team_id"),
        foreign_keys=[("reflection_id", "reflections", "id"), ("team_id", "teams", "id")],
    )
    db["deliveries"].create({"user": str, "ref": str, "prompt_id": int}, pk=("user", "ref"))
    create(
        db,
        "schedules",
        {"id": int, "team_id": int, "text": str, "days": str, "at": str, "created_by": str, "created_at": str},
        foreign_keys=[("team_id", "teams", "id")],
    )
    db["pending"].create({"user": str, "kind": str, "data": str, "created_at": str}, pk="user")
    db["secrets"].create({"name": str, "value": str}, pk="name")


class TeamStore:
    """Teams, reflections, prompts and schedules (mixed into ``Store``, which supplies ``db``)."""

    db: Database

    def _rows(self, sql: str, params: list | tuple = ()) -> list[dict]:
        """Rows of a query, as dicts (straight from the connection, whose statements are prepared once)."""
        cursor = self.db.conn.execute(sql, list(params))
        names = [column[0] for column in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _row(self, sql: str, params: list | tuple = ()) -> dict | None:
        """The first row of a query, or None."""
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    # --- secrets ---------------------------------------------------------------------

    def secret(self, name: str) -> str:
        """A random secret kept in the database (made on first use), e.g. the key that signs buttons."""
        row = self._row("SELECT value FROM secrets WHERE name = ?", [name])
        if row:
            return row["value"]
        value = secrets.token_hex(32)
        with self.db.atomic():
            self.db.execute("INSERT OR IGNORE INTO secrets (name, value) VALUES (?, ?)", [name, value])
        return self._row("SELECT value FROM secrets WHERE name = ?", [name])["value"]

    # --- users and teams ----------------------------------------------------------------

    def remember_user(self, user: str, name: str) -> None:
        """Keep the display name a person goes by (for their supervisor's views)."""
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO users (user, name) VALUES (?, ?) ON CONFLICT(user) DO UPDATE SET name = excluded.name",
                [user, name],
            )

    def user_name(self, user: str) -> str:
        """A person's display name, or '' if unknown."""
        row = self._row("SELECT name FROM users WHERE user = ?", [user])
        return row["name"] if row and row["name"] else ""

    def set_current_team(self, user: str, team_id: int | None) -> None:
        """Which of their teams a person's team commands act on."""
        with self.db.atomic():
            self.db.execute("INSERT OR IGNORE INTO users (user, name) VALUES (?, '')", [user])
            self.db.execute("UPDATE users SET current_team = ? WHERE user = ?", [team_id, user])

    def current_team(self, user: str) -> int | None:
        """The team a person last chose, if they are still in it."""
        row = self._row(
            "SELECT u.current_team FROM users u JOIN members m ON m.team_id = u.current_team AND m.user = u.user "
            "WHERE u.user = ?",
            [user],
        )
        return row["current_team"] if row else None

    def create_team(self, name: str, user: str, code_hash: str) -> int:
        """A new team with ``user`` as its supervisor; its id."""
        with self.db.atomic():
            team_id = (
                self.db["teams"]
                .insert({"name": name, "code_hash": code_hash, "created_by": user, "created_at": now()})
                .last_pk
            )
            self.db["members"].insert({"team_id": team_id, "user": user, "role": "supervisor", "joined_at": now()})
        return team_id

    def team(self, team_id: int) -> dict | None:
        """A team by id."""
        return self._row("SELECT * FROM teams WHERE id = ?", [team_id])

    def team_by_code(self, code_hash: str) -> dict | None:
        """The team whose current join code has this hash."""
        return self._row("SELECT * FROM teams WHERE code_hash = ?", [code_hash])

    def set_code(self, team_id: int, code_hash: str | None) -> None:
        """Replace (or, with None, revoke) a team's join code."""
        with self.db.atomic():
            self.db.execute("UPDATE teams SET code_hash = ? WHERE id = ?", [code_hash, team_id])

    def teams_of(self, user: str) -> list[dict]:
        """Every team a person belongs to, with their role, by name."""
        return self._rows(
            "SELECT t.id, t.name, m.role FROM members m JOIN teams t ON t.id = m.team_id WHERE m.user = ? "
            "ORDER BY t.name COLLATE NOCASE, t.id",
            [user],
        )

    def role(self, team_id: int, user: str) -> str | None:
        """A person's role in a team ('supervisor' or 'worker'), or None if not a member."""
        row = self._row("SELECT role FROM members WHERE team_id = ? AND user = ?", [team_id, user])
        return row["role"] if row else None

    def add_member(self, team_id: int, user: str, role: str = "worker") -> bool:
        """Add a person to a team; False if they were already in it."""
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO members (team_id, user, role, joined_at) VALUES (?, ?, ?, ?)",
                [team_id, user, role, now()],
            )
        return cursor.rowcount == 1

    def set_role(self, team_id: int, user: str, role: str) -> None:
        """Change a member's role."""
        with self.db.atomic():
            self.db.execute("UPDATE members SET role = ? WHERE team_id = ? AND user = ?", [role, team_id, user])

    def member(self, member_id: int) -> dict | None:
        """A membership by its id, with the person's name."""
        return self._row(
            "SELECT m.*, COALESCE(u.name, '') AS name FROM members m LEFT JOIN users u ON u.user = m.user "
            "WHERE m.id = ?",
            [member_id],
        )

    def members(self, team_id: int) -> list[dict]:
        """A team's members with names and roles, alphabetically (never ranked)."""
        return self._rows(
            "SELECT m.id, m.user, m.role, m.joined_at, COALESCE(u.name, '') AS name FROM members m "
            "LEFT JOIN users u ON u.user = m.user WHERE m.team_id = ? ORDER BY name COLLATE NOCASE, m.id",
            [team_id],
        )

    def remove_member(self, team_id: int, user: str) -> None:
        """Take a person out of a team, and withdraw everything they shared with it."""
        with self.db.atomic():
            self.db.execute(
                "DELETE FROM shares WHERE team_id = ? AND reflection_id IN (SELECT id FROM reflections WHERE user = ?)",
                [team_id, user],
            )
            self.db.execute("DELETE FROM members WHERE team_id = ? AND user = ?", [team_id, user])

    # --- reflections -----------------------------------------------------------------------

    def add_reflection(self, user: str, text: str, kind: str, ref: str = "", prompt_id: int | None = None) -> int:
        """Keep a reflection, private to its writer; its id."""
        with self.db.atomic():
            return (
                self.db["reflections"]
                .insert(
                    {
                        "user": user,
                        "text": text,
                        "kind": kind,
                        "ref": ref,
                        "prompt_id": prompt_id,
                        "created_at": now(),
                        "version": 1,
                    }
                )
                .last_pk
            )

    def _reflections(self, where: str, params: list, limit: int = -1, offset: int = 0) -> list[dict]:
        """Reflections, newest first, each with the teams it is shared with, in one query."""
        rows = self._rows(
            "SELECT r.*, GROUP_CONCAT(s.team_id) AS shared FROM reflections r "
            f"LEFT JOIN shares s ON s.reflection_id = r.id WHERE {where} GROUP BY r.id ORDER BY r.id DESC "
            "LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        for row in rows:
            row["shared_with"] = sorted(int(team) for team in (row.pop("shared") or "").split(",") if team)
        return rows

    def reflection(self, reflection_id: int) -> dict | None:
        """A reflection by id, with the teams it is shared with."""
        rows = self._reflections("r.id = ?", [reflection_id])
        return rows[0] if rows else None

    def reflections_of(self, user: str, limit: int, offset: int = 0) -> list[dict]:
        """A person's own reflections, newest first (``limit`` -1 for all)."""
        return self._reflections("r.user = ?", [user], limit, offset)

    def count_reflections(self, user: str, kind: str | None = None) -> int:
        """How many reflections a person has kept (of one kind, if given)."""
        if kind is None:
            return self.db["reflections"].count_where("user = ?", [user])
        return self.db["reflections"].count_where("user = ? AND kind = ?", [user, kind])

    def set_shared(self, reflection_id: int, team_id: int, shared: bool) -> None:
        """Share a reflection with a team, or withdraw it; either way its version moves on."""
        with self.db.atomic():
            if shared:
                self.db.execute(
                    "INSERT OR IGNORE INTO shares (reflection_id, team_id, shared_at) VALUES (?, ?, ?)",
                    [reflection_id, team_id, now()],
                )
            else:
                self.db.execute("DELETE FROM shares WHERE reflection_id = ? AND team_id = ?", [reflection_id, team_id])
            self.db.execute("UPDATE reflections SET version = version + 1 WHERE id = ?", [reflection_id])

    def delete_reflection(self, reflection_id: int) -> None:
        """Delete a reflection and every share of it."""
        with self.db.atomic():
            self.db.execute("DELETE FROM shares WHERE reflection_id = ?", [reflection_id])
            self.db.execute("DELETE FROM reflections WHERE id = ?", [reflection_id])

    def shared_with(self, team_id: int, limit: int, offset: int = 0) -> list[dict]:
        """Reflections shared with a team by its current members, newest first, with writer and prompt."""
        return self._rows(
            "SELECT r.id, r.text, r.kind, r.created_at, s.shared_at, COALESCE(u.name, '') AS name, "
            "p.text AS prompt FROM shares s JOIN reflections r ON r.id = s.reflection_id "
            "JOIN members m ON m.team_id = s.team_id AND m.user = r.user LEFT JOIN users u ON u.user = r.user "
            "LEFT JOIN prompts p ON p.id = r.prompt_id WHERE s.team_id = ? ORDER BY s.shared_at DESC, r.id DESC "
            "LIMIT ? OFFSET ?",
            [team_id, limit, offset],
        )

    def count_shared_with(self, team_id: int) -> int:
        """How many reflections current members have shared with a team."""
        row = self._row(
            "SELECT count(*) AS n FROM shares s JOIN reflections r ON r.id = s.reflection_id "
            "JOIN members m ON m.team_id = s.team_id AND m.user = r.user WHERE s.team_id = ?",
            [team_id],
        )
        return row["n"]

    # --- prompts and schedules ----------------------------------------------------------------

    def add_prompt(self, team_id: int, text: str, sent_by: str, schedule_id: int | None = None) -> int:
        """Keep a reflection prompt sent to a team; its id."""
        with self.db.atomic():
            return (
                self.db["prompts"]
                .insert(
                    {
                        "team_id": team_id,
                        "text": text,
                        "sent_by": sent_by,
                        "sent_at": now(),
                        "schedule_id": schedule_id,
                    }
                )
                .last_pk
            )

    def prompt(self, prompt_id: int) -> dict | None:
        """A prompt by id."""
        return self._row("SELECT * FROM prompts WHERE id = ?", [prompt_id])

    def prompts_of(self, team_id: int, limit: int) -> list[dict]:
        """A team's latest prompts, newest first."""
        return self._rows("SELECT * FROM prompts WHERE team_id = ? ORDER BY id DESC LIMIT ?", [team_id, limit])

    def shared_answers(self, prompt_id: int, team_id: int) -> list[dict]:
        """Answers to a prompt that current members shared with the team, oldest first."""
        return self._rows(
            "SELECT r.text, r.created_at, COALESCE(u.name, '') AS name FROM reflections r "
            "JOIN shares s ON s.reflection_id = r.id AND s.team_id = ? "
            "JOIN members m ON m.team_id = s.team_id AND m.user = r.user LEFT JOIN users u ON u.user = r.user "
            "WHERE r.prompt_id = ? ORDER BY r.id",
            [team_id, prompt_id],
        )

    def add_delivery(self, prompt_id: int, user: str, ref: str) -> None:
        """Remember which message carried a prompt to a person, so a reply to it can be linked."""
        with self.db.atomic():
            self.db.execute(
                "INSERT OR REPLACE INTO deliveries (user, ref, prompt_id) VALUES (?, ?, ?)", [user, ref, prompt_id]
            )

    def delivered_prompt(self, user: str, ref: str) -> int | None:
        """The prompt a message to this person carried, if it did."""
        row = self._row("SELECT prompt_id FROM deliveries WHERE user = ? AND ref = ?", [user, ref])
        return row["prompt_id"] if row else None

    def latest_unanswered_prompt(self, user: str, days: int = 14) -> dict | None:
        """The newest prompt sent to a person in the last ``days`` days that they have not answered."""
        return self._row(
            "SELECT p.* FROM deliveries d JOIN prompts p ON p.id = d.prompt_id WHERE d.user = ? "
            "AND p.sent_at >= ? AND p.id NOT IN "
            "(SELECT prompt_id FROM reflections WHERE user = ? AND prompt_id IS NOT NULL) ORDER BY p.id DESC",
            [user, later(days=-days), user],  # stored times are ISO text, so they compare as text
        )

    def add_schedule(self, team_id: int, text: str, days: str, at: str, user: str) -> int:
        """Keep a repeating prompt; its id."""
        with self.db.atomic():
            return (
                self.db["schedules"]
                .insert(
                    {
                        "team_id": team_id,
                        "text": text,
                        "days": days,
                        "at": at,
                        "created_by": user,
                        "created_at": now(),
                    }
                )
                .last_pk
            )

    def schedules(self, team_id: int | None = None) -> list[dict]:
        """Every repeating prompt (of one team, if given)."""
        if team_id is None:
            return self._rows("SELECT * FROM schedules ORDER BY id")
        return self._rows("SELECT * FROM schedules WHERE team_id = ? ORDER BY id", [team_id])

    def schedule(self, schedule_id: int) -> dict | None:
        """A repeating prompt by id."""
        return self._row("SELECT * FROM schedules WHERE id = ?", [schedule_id])

    def delete_schedule(self, schedule_id: int) -> None:
        """Stop a repeating prompt."""
        with self.db.atomic():
            self.db.execute("DELETE FROM schedules WHERE id = ?", [schedule_id])

    # --- input that is half done --------------------------------------------------------------

    def set_pending(self, user: str, kind: str, data: dict) -> None:
        """Remember what a person's next message is for (a reflection, a preparation answer...)."""
        with self.db.atomic():
            self.db.execute(
                "INSERT OR REPLACE INTO pending (user, kind, data, created_at) VALUES (?, ?, ?, ?)",
                [user, kind, json.dumps(data), now()],
            )

    def pending(self, user: str) -> tuple[str, dict] | None:
        """What a person's next message is for, if anything."""
        row = self._row("SELECT kind, data FROM pending WHERE user = ?", [user])
        return (row["kind"], json.loads(row["data"])) if row else None

    def clear_pending(self, user: str) -> None:
        """Forget what a person's next message was for."""
        with self.db.atomic():
            self.db.execute("DELETE FROM pending WHERE user = ?", [user])

    # --- practice, as a supervisor may see it ------------------------------------------------

    def practice_summaries(self, user: str) -> list[dict]:
        """A person's finished practice sessions, oldest first: when, who with, and the report figures."""
        rows = self._rows(
            "SELECT id, scenario, started_at, ended_at, report FROM sessions WHERE user = ? AND active = 0 "
            "AND ended_at IS NOT NULL ORDER BY started_at, rowid",
            [user],
        )
        for row in rows:
            row["report"] = json.loads(row["report"]) if row["report"] else {}
        return rows

    # --- a person's own data -----------------------------------------------------------------

    def team_data(self, user: str) -> dict:
        """Everything of the team side kept about a person, for /mydata: the name they go by, their teams
        (as member and as maker), reflections, the prompts and schedules they set, the prompts that reached
        them and anything they are half-way through writing."""
        profile = self._row("SELECT name, current_team FROM users WHERE user = ?", [user])
        pending = self._row("SELECT kind, data, created_at FROM pending WHERE user = ?", [user])
        if pending:
            pending["data"] = json.loads(pending["data"])
        return {
            "profile": profile,
            "teams": self._rows(
                "SELECT t.id, t.name, m.role, m.joined_at FROM members m JOIN teams t ON t.id = m.team_id "
                "WHERE m.user = ? ORDER BY t.name COLLATE NOCASE, t.id",
                [user],
            ),
            "teams_made": self._rows("SELECT id, name, created_at FROM teams WHERE created_by = ? ORDER BY id", [user]),
            "reflections": self.reflections_of(user, limit=-1),  # -1: all of them
            "prompts_sent": self._rows(
                "SELECT p.id, t.name AS team, p.text, p.sent_at, p.schedule_id FROM prompts p "
                "LEFT JOIN teams t ON t.id = p.team_id WHERE p.sent_by = ? ORDER BY p.id",
                [user],
            ),
            "schedules_made": self._rows(
                "SELECT s.id, t.name AS team, s.text, s.days, s.at, s.created_at FROM schedules s "
                "LEFT JOIN teams t ON t.id = s.team_id WHERE s.created_by = ? ORDER BY s.id",
                [user],
            ),
            "prompts_received": self._rows(
                "SELECT d.prompt_id, d.ref AS message, p.text, p.sent_at FROM deliveries d "
                "LEFT JOIN prompts p ON p.id = d.prompt_id WHERE d.user = ? ORDER BY d.prompt_id, d.ref",
                [user],
            ),
            "unfinished": pending,
        }

    def teams_to_settle(self, user: str) -> tuple[list[dict], list[dict]]:
        """What /forget does to the teams a person supervises: (handed over, closed).

        A team they made that has another supervisor passes to the one who has been in it longest
        (``to``, ``to_name``), who becomes its lead. A team with no other supervisor is closed rather
        than left with no one to run it, or run by someone who never agreed to see what members
        share: ``members`` are the others in it, to be told.
        """
        handed, closed = [], []
        teams = self._rows(
            "SELECT t.id, t.name, t.created_by FROM members m JOIN teams t ON t.id = m.team_id "
            "WHERE m.user = ? AND m.role = 'supervisor' ORDER BY t.id",
            [user],
        )
        for team in teams:
            others = self._rows(
                "SELECT m.user, m.role, COALESCE(u.name, '') AS name FROM members m "
                "LEFT JOIN users u ON u.user = m.user WHERE m.team_id = ? AND m.user != ? ORDER BY m.id",
                [team["id"], user],
            )
            chiefs = [m for m in others if m["role"] == "supervisor"]
            if not chiefs:
                closed.append({"id": team["id"], "name": team["name"], "members": [m["user"] for m in others]})
            elif team["created_by"] == user:
                chief = chiefs[0]
                handed.append({"id": team["id"], "name": team["name"], "to": chief["user"], "to_name": chief["name"]})
        return handed, closed

    def close_team(self, team_id: int) -> None:
        """Delete a team with its join code, members, prompts, schedules and what was shared with it.

        Members' reflections stay theirs (an answer to one of its prompts loses the prompt); a message
        that carried one of its prompts, replied to later, is told the prompt is gone.
        """
        with self.db.atomic():
            for table in ("shares", "schedules", "prompts", "members"):
                self.db.execute(f"DELETE FROM {table} WHERE team_id = ?", [team_id])
            self.db.execute("UPDATE users SET current_team = NULL WHERE current_team = ?", [team_id])
            self.db.execute("DELETE FROM teams WHERE id = ?", [team_id])

    def forget_team_data(self, user: str) -> dict:
        """Delete everything of a person's on the team side, and settle the teams they supervise.

        Their name, reflections (and shares), memberships, the prompts and schedules they set, the
        record of prompts that reached them and anything half-written all go. A team they alone
        supervise is closed; one they made that has another supervisor passes to them (see
        ``teams_to_settle``). Says how many reflections, prompts and schedules went, and which teams
        were ``handed`` over or ``closed``.
        """
        handed, closed = self.teams_to_settle(user)
        with self.db.atomic():
            count = self.db["reflections"].count_where("user = ?", [user])
            prompts = self.db["prompts"].count_where("sent_by = ?", [user])
            schedules = self.db["schedules"].count_where("created_by = ?", [user])
            for team in closed:
                self.close_team(team["id"])
            for team in handed:
                self.db.execute("UPDATE teams SET created_by = ? WHERE id = ?", [team["to"], team["id"]])
            mine = "SELECT id FROM reflections WHERE user = ?"
            self.db.execute(f"DELETE FROM shares WHERE reflection_id IN ({mine})", [user])
            self.db.execute("DELETE FROM reflections WHERE user = ?", [user])
            self.db.execute("DELETE FROM prompts WHERE sent_by = ?", [user])
            self.db.execute("DELETE FROM schedules WHERE created_by = ?", [user])
            self.db.execute("DELETE FROM deliveries WHERE user = ?", [user])
            self.db.execute("DELETE FROM pending WHERE user = ?", [user])
            self.db.execute("DELETE FROM members WHERE user = ?", [user])
            self.db.execute("DELETE FROM users WHERE user = ?", [user])
            # a team they made and had already left: its longest-standing supervisor becomes its lead
            self.db.execute(
                "UPDATE teams SET created_by = COALESCE((SELECT m.user FROM members m WHERE m.team_id = teams.id "
                "AND m.role = 'supervisor' ORDER BY m.id LIMIT 1), '') WHERE created_by = ?",
                [user],
            )
            led = "SELECT team_id FROM members WHERE role = 'supervisor'"
            self.db.execute(f"UPDATE teams SET code_hash = NULL WHERE id NOT IN ({led})")
        return {"reflections": count, "prompts": prompts, "schedules": schedules, "handed": handed, "closed": closed}
