"""Progress shared with a team's supervisors: only with the worker's consent, never ranked.

A worker shares their progress with a team (``share``), like a reflection: per
team, withdrawn at any time (``unshare``), and gone when they leave the team or
use /forget. A supervisor of that team sees:

- the team's trend as a whole (``team_view``): at each session number, the
  median of the sharing workers' values, and only where at least ``threshold``
  of them (three at least) have a value there, so that no one's own figures can
  be read from it; with fewer sharing, a note that says how many share and why
  more are needed;
- one sharing worker's own trend at a time (``worker_view``), chosen by name or
  by a button; the buttons are in alphabetical order, and no view ever puts one
  worker's figures beside another's, ranks them or gives percentiles.

A worker who does not share (or no longer does), or is in another team, gets the
same answer as a name no one has: there is nothing to show.
"""

from __future__ import annotations

import statistics

from ..replies import Button, Reply
from ..service import refusals_as_notes
from ..team.team_access import TeamService
from .charts import progress_chart
from .nudges import Declined, NudgeService
from .progress import Series, progress

TEAM_FILE, WORKER_FILE = "team-progress.png", "progress.png"


def medians(series: list[Series], measures: list[str], threshold: int) -> Series:
    """The median of each measure at each session number, over workers' series; None where fewer than
    ``threshold`` workers have a value there. Session numbers that fewer than ``threshold`` reached are left off."""
    reached = sorted((max((len(s.get(m, [])) for m in measures), default=0) for s in series), reverse=True)
    length = reached[threshold - 1] if len(reached) >= threshold else 0
    team: Series = {}
    for measure in measures:
        values: list[float | None] = []
        for index in range(length):
            at = [s[measure][index] for s in series if index < len(s.get(measure, []))]
            known = [v for v in at if v is not None]
            values.append(round(float(statistics.median(known)), 2) if len(known) >= threshold else None)
        team[measure] = values
    return team


class ProgressShares(TeamService, NudgeService):
    """A worker's consent to share their progress with a team, and what its supervisors may then see."""

    # --- the worker's side --------------------------------------------------------------

    def status(self, user: str) -> str:
        """Who the worker's progress is shared with, in words."""
        teams = self.store.progress_shared_teams(user)
        if not teams:
            return self.say("share_status_none")
        return self.say("share_status", teams=", ".join(t["name"] for t in teams))

    def share_button(self) -> Button:
        """'Share my progress with my supervisor': a button for under /progress (action ``pgask``)."""
        return Button(self.say("btn_share"), "pgask", "teams")

    @refusals_as_notes
    def share(self, user: str, team_id: int | None = None) -> list[Reply]:
        """Share progress with a team: the one given, the worker's only team, or a choice of them."""
        teams = self.store.teams_of(user)
        if not teams:
            raise Declined("share_no_team")
        if team_id is None and len(teams) > 1:
            shared = {t["id"] for t in self.store.progress_shared_teams(user)}
            rows = tuple(
                (Button(self.say("btn_share_team", team=t["name"]), "pgshare", str(t["id"])),)
                for t in teams
                if t["id"] not in shared
            )
            names = ", ".join(t["name"] for t in teams if t["id"] in shared) or self.say("value_none")
            return [Reply("text", self.say("share_choose", teams=names), buttons=rows)]
        team = self._in_team(user, teams[0]["id"] if team_id is None else team_id)
        changed = self.store.set_progress_shared(user, team["id"], True)
        unshare = Button(self.say("btn_unshare_team", team=team["name"]), "pgunshare", str(team["id"]))
        said = self.say("shared" if changed else "already_shared", team=team["name"])
        return [Reply("note", said, buttons=((unshare,),))]

    @refusals_as_notes
    def unshare(self, user: str, team_id: int | None = None) -> list[Reply]:
        """Withdraw progress from a team: the one given, the only one shared with, or a choice of them."""
        shared = self.store.progress_shared_teams(user)
        if team_id is None and len(shared) > 1:
            rows = tuple(
                (Button(self.say("btn_unshare_team", team=t["name"]), "pgunshare", str(t["id"])),) for t in shared
            )
            return [Reply("text", self.say("unshare_choose"), buttons=rows)]
        team = next((t for t in shared if team_id is None or t["id"] == team_id), None)
        if team is None:
            raise Declined("not_shared")
        self.store.set_progress_shared(user, team["id"], False)
        return [Reply("note", self.say("unshared", team=team["name"]))]

    # --- the supervisor's side ------------------------------------------------------------

    @refusals_as_notes
    def team_view(self, user: str, name: str = "") -> list[Reply]:
        """/teamprogress: the team's trend as a whole (from ``threshold`` sharing), or one worker's by name."""
        team = self._supervised(user)
        sharers = self.store.progress_sharers(team["id"])
        if name.strip():
            wanted = name.strip().casefold()
            found = next((s for s in sharers if s["name"].casefold() == wanted), None)
            if found is None:
                raise Declined("nothing_to_show")
            return self._worker(found)
        threshold = self.flows.nudges.threshold
        if len(sharers) < threshold:
            note = self.say("team_too_few", team=team["name"], count=len(sharers), threshold=threshold)
            return [Reply("note", note)] + self._choices(team, sharers)
        return self._team(team, sharers) + self._choices(team, sharers)

    @refusals_as_notes
    def worker_view(self, user: str, team_id: int, member_id: int) -> list[Reply]:
        """One sharing worker's own trend (a button), if they share with this supervisor's team now."""
        self._supervised(user, team_id)
        found = next((s for s in self.store.progress_sharers(team_id) if s["member_id"] == member_id), None)
        if found is None:
            raise Declined("nothing_to_show")
        return self._worker(found)

    def _choices(self, team: dict, sharers: list[dict]) -> list[Reply]:
        """A button for each sharing worker, alphabetically (the store's order), never by any figure."""
        if not sharers:
            return []
        rows = tuple(
            (Button(s["name"] or self.text("unnamed"), "tpw", f"{team['id']}.{s['member_id']}"),) for s in sharers
        )
        return [Reply("text", self.say("team_workers", team=team["name"]), buttons=rows)]

    def _measures(self) -> list[str]:
        """The measures shown, in chart order."""
        return [m.id for m in self.flows.progress.measures]

    def _team(self, team: dict, sharers: list[dict]) -> list[Reply]:
        """The team's medians as a chart and a line per measure."""
        series = [progress(self.store, self.flows, s["user"]).series for s in sharers]
        team_series = medians(series, self._measures(), self.flows.nudges.threshold)
        length = max((len(v) for v in team_series.values()), default=0)
        if not length:
            return [Reply("note", self.say("team_no_sessions"))]
        lines = self._lines(team_series, "team_line", sessions=length)
        png = self._chart(team_series, self.say("team_title", team=team["name"]))
        caption = self.say("team_caption", team=team["name"], count=len(sharers))
        return [Reply("photo", caption, data={"filename": TEAM_FILE, "content": png}), Reply("note", lines)]

    def _worker(self, sharer: dict) -> list[Reply]:
        """One worker's own trend, as a chart and a line per measure."""
        name = sharer["name"] or self.text("unnamed")
        found = progress(self.store, self.flows, sharer["user"])
        if not found.sessions:
            return [Reply("note", f"{self.say('worker_title', name=name)}\n{self.say('worker_no_sessions')}")]
        series = {m: found.series[m] for m in self._measures()}
        png = self._chart(series, self.say("worker_title", name=name))
        caption = self.say("worker_caption", name=name, sessions=found.sessions)
        photo = Reply("photo", caption, data={"filename": WORKER_FILE, "content": png})
        return [photo, Reply("note", self._lines(series, "worker_line"))]

    def _chart(self, series: Series, title: str) -> bytes:
        """A panel per measure over sessions, with the report's 'fair' and 'good' lines (``learn/charts.py``)."""
        measures, words = self.flows.progress.measures, self.flows.progress.messages
        limits = self.flows.coach.thresholds
        lines = [
            (getattr(limits, m.thresholds).fair, getattr(limits, m.thresholds).good) if m.thresholds else None
            for m in measures
        ]
        return progress_chart(
            [m.name for m in measures],
            [series.get(m.id, []) for m in measures],
            lines,
            [m.top for m in measures],
            title=title,
            session_label=words.chart_session,
            fair_label=words.chart_fair,
            good_label=words.chart_good,
        )

    def _lines(self, series: Series, key: str, **values: object) -> str:
        """A line per measure: its first and latest value."""
        lines = []
        for measure in self.flows.progress.measures:
            known = [v for v in series.get(measure.id, []) if v is not None]
            first, last = (self._value(known[0]), self._value(known[-1])) if known else ("", "")
            if known:
                lines.append(self.say(key, measure=measure.name, first=first, last=last, **values))
        return "\n".join(lines)

    @staticmethod
    def _value(value: float) -> str:
        """A figure as written: whole numbers without a decimal point, others to one place."""
        return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
