"""What a supervisor sees of their team: members and their practice, shared reflections, and a CSV of both.

Supervisors see only what members chose to share with their team, and
practice figures (never practice text): to support people, not to rank them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from ..replies import Button, Reply
from ..service import refusals_as_notes
from .team_access import TeamService

PAGE = 5


class Oversight(TeamService):
    """The overview of a team, its shared reflections a page at a time, and the export."""

    @refusals_as_notes
    def overview(self, user: str) -> list[Reply]:
        """Members, their practice and how their traps trend: to support people, not to rank them."""
        team = self._supervised(user)
        lines = []
        for member in self.store.members(team["id"]):
            sessions = self.store.practice_summaries(member["user"])
            lines.append(
                self.text(
                    "member_line",
                    name=member["name"] or self.text("unnamed"),
                    role=self.text(f"role_{member['role']}"),
                    practice=self._practice(sessions),
                )
            )
        code = self.text("code_active" if team["code_hash"] else "code_off")
        return [
            Reply(
                "text",
                self.text("team_overview", team=team["name"], count=len(lines), code=code, members="\n".join(lines)),
            )
        ]

    def _practice(self, sessions: list[dict]) -> str:
        """One member's practice in words: how often, when last, and whether traps are getting rarer."""
        if not sessions:
            return self.text("no_practice")
        rates = [len(s["report"].get("traps", [])) / s["report"]["turns"] for s in sessions if s["report"].get("turns")]
        said = self.text("practice_count", count=len(sessions), last=sessions[-1]["ended_at"][:10])
        if len(rates) < 2:
            return said
        half = len(rates) // 2
        before, after = sum(rates[:half]) / half, sum(rates[half:]) / (len(rates) - half)
        trend = self.text(
            "trend_fewer" if after < before - 0.05 else "trend_more" if after > before + 0.05 else "trend_same"
        )
        return said + " " + self.text("trap_trend", before=f"{before:.2f}", after=f"{after:.2f}", trend=trend)

    @refusals_as_notes
    def shared_page(self, user: str, offset: int = 0, team_id: int | None = None) -> list[Reply]:
        """Reflections shared with the team, newest first, a page at a time."""
        team = self._supervised(user, team_id)
        total = self.store.count_shared_with(team["id"])
        if total == 0:
            return self._note("no_shared", team=team["name"])
        offset = max(0, min(offset, total - 1))
        items = [
            self.text(
                "shared_item",
                name=r["name"] or self.text("unnamed"),
                date=r["created_at"][:10],
                prompt=self.text("in_answer_to", prompt=r["prompt"]) if r["prompt"] else "",
                text=r["text"],
            )
            for r in self.store.shared_with(team["id"], PAGE, offset)
        ]
        nav = self._page_buttons(team["id"], offset, total)
        header = self.text(
            "shared_header", team=team["name"], first=offset + 1, last=min(offset + PAGE, total), total=total
        )
        return [Reply("text", header + "\n\n" + "\n\n".join(items), buttons=(nav,) if nav else ())]

    def _page_buttons(self, team_id: int, offset: int, total: int) -> tuple[Button, ...]:
        """'Newer' and 'older', where there is a page that way."""
        nav = []
        if offset > 0:
            nav.append(Button(self.text("btn_newer"), "page", f"{team_id}.{max(0, offset - PAGE)}"))
        if offset + PAGE < total:
            nav.append(Button(self.text("btn_older"), "page", f"{team_id}.{offset + PAGE}"))
        return tuple(nav)

    @refusals_as_notes
    def export(self, user: str) -> list[Reply]:
        """A CSV of shared reflections and members' practice summaries (figures, never practice text)."""
        team = self._supervised(user)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.text("export_header").split(","))
        for row in [*self._reflection_rows(team), *self._practice_rows(team)]:
            writer.writerow(map(cell, row))
        content = out.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet programs read it as UTF-8
        name = re.sub(r"[^A-Za-z0-9]+", "-", team["name"]).strip("-").lower() or "team"
        return [
            Reply(
                "file",
                self.text("export_caption", team=team["name"]),
                data={"filename": f"{name}-shared.csv", "content": content},
            )
        ]

    def _reflection_rows(self, team: dict) -> Iterator[list[object]]:
        """One CSV row per reflection shared with the team."""
        for r in self.store.shared_with(team["id"], limit=10**9):
            about = r["prompt"] or self.text(f"reflection_kind_{r['kind']}")
            yield [self.text("export_reflection"), r["name"], r["created_at"], about, r["text"], "", "", ""]

    def _practice_rows(self, team: dict) -> Iterator[list[object]]:
        """One CSV row per practice of each member: its scenario, stages and traps, never its text."""
        for member in self.store.members(team["id"]):
            for s in self.store.practice_summaries(member["user"]):
                report = s["report"]
                scenario = self.flows.scenarios.get(s["scenario"])
                traps = " ".join(t["trap"] for t in report.get("traps", []))
                stages = " ".join(str(n) for n in report.get("stages_reached", []))
                title = scenario.title if scenario else s["scenario"]
                turns = report.get("turns", "")
                yield [self.text("export_practice"), member["name"], s["ended_at"], title, "", stages, traps, turns]


def cell(value: object) -> object:
    """A CSV cell that a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
