"""The culture star for a team: rounds a supervisor opens, one tap per point, the star from three answers.

A supervisor's ``/culturestar`` opens a round and sends every member (the
supervisor too) the first of the eight points privately, with a button per
score. Each tap is kept as the member's own until all eight are in; then the
scores join the round's anonymous counts (``store/culture.py``) and nothing
ties them to the member. Until ``threshold`` members have answered, everyone is
told only how many have; from then on the star (median and range per point,
the previous round beside it) is shown, with the guide's two questions and,
for the supervisor, an action plan for the lowest points (``culture_plan.py``).
What is shown (chart, words and "N answers") is the store's shown copy, which
is refreshed only each time ``threshold`` more have answered (3, 6, 9, ...):
comparing the star before and after shows a group's scores, never one person's.
"""

from __future__ import annotations

from ..replies import Button, Reply
from ..team.team_access import TeamService
from . import culture_star as star
from .culture_star import say

TAP, TEAM, ACTION, REVIEW = "cs", "csteam", "csact", "csrag"  # the buttons' actions


class CultureRounds(TeamService):
    """Open rounds, take taps, and show a round's star once enough have answered."""

    def said(self, key: str, *rows: tuple[Button, ...], to: str = "", **values: object) -> list[Reply]:
        """One of the culture star's messages as a note, with rows of buttons under it if given."""
        return [Reply("note", say(self.flows.culture, key, **values), buttons=tuple(rows), to=to)]

    def command(self, user: str, arg: str = "") -> list[Reply]:
        """/culturestar [new]: a supervisor opens a round or sees it; a member carries on with their points."""
        teams = self.store.teams_of(user)
        if not teams:
            return self.said("not_member")
        led = [t for t in teams if t["role"] == "supervisor"]
        new = arg.strip().lower() == "new"
        if len(led) > 1:
            rows = [
                (Button(say(self.flows.culture, "btn_team", team=t["name"]), TEAM, f"{t['id']}.{int(new)}"),)
                for t in led
            ]
            return self.said("choose_team", *rows)
        if led:
            return self.supervise(user, led[0]["id"], new)
        if new:
            return self.said("not_supervisor")
        return self.member(user, [t["id"] for t in teams])

    def supervise(self, user: str, team_id: int, new: bool = False) -> list[Reply]:
        """A supervisor's view of their team's round: open one (or a new one), or how it stands."""
        if self.store.role(team_id, user) != "supervisor":
            return self.said("not_supervisor")
        round_ = self.store.open_culture_round_of(team_id)
        if round_ is None or new:
            return self.open(user, team_id, again=round_ is not None)
        return self.standing(round_, user, plan=True)

    def open(self, user: str, team_id: int, again: bool = False) -> list[Reply]:
        """Open a round and send every member the first point."""
        round_id = self.store.open_culture_round(team_id, user)
        round_ = self.store.culture_round(round_id)
        assert round_ is not None, "a round just opened"
        members = [m["user"] for m in self.store.members(team_id)]
        intro = say(self.flows.culture, "intro", team=round_["team"], threshold=self.flows.culture.threshold)
        out = []
        for member in members:
            out += [Reply("note", intro, to=member), self.point(round_id, 0, to=member)]
        return out + self.said("new_round" if again else "opened", team=round_["team"], sent=len(members))

    def member(self, user: str, team_ids: list[int]) -> list[Reply]:
        """A member's /culturestar: their next point in an open round, or how the round stands."""
        rounds = [r for t in team_ids if (r := self.store.open_culture_round_of(t))]
        for round_ in rounds:
            if not self.store.culture_has_answered(round_["id"], user):
                return [self.point(round_["id"], self._next(round_["id"], user))]
        if rounds:
            return self.standing(rounds[0], user, plan=False)
        return self.said("no_round")

    def point(self, round_id: int, index: int, to: str = "") -> Reply:
        """Point ``index`` of the star, with a button per score in two rows."""
        flow = self.flows.culture
        p = flow.points[index]
        text = say(flow, "point", position=index + 1, count=len(flow.points), name=p.name, description=p.description)
        scores = [Button(str(s), TAP, f"{round_id}.{index}.{s}") for s in range(flow.scale.low, flow.scale.high + 1)]
        half = (len(scores) + 1) // 2
        return Reply("text", text, buttons=(tuple(scores[:half]), tuple(scores[half:])), to=to)

    def _next(self, round_id: int, user: str) -> int:
        """The index of the first point a member has not scored yet in a round."""
        taps = self.store.culture_taps(round_id, user)
        return next((i for i, p in enumerate(self.flows.culture.points) if p.id not in taps), len(taps))

    def tap(self, user: str, round_id: int, index: int, score: int) -> list[Reply] | None:
        """One tap: keep the score and ask the next point; at the eighth, add all eight to the counts."""
        flow = self.flows.culture
        if not (0 <= index < len(flow.points) and flow.scale.low <= score <= flow.scale.high):
            return None
        round_ = self.store.culture_round(round_id)
        if round_ is None or round_["closed_at"] or self.store.role(round_["team_id"], user) is None:
            return self.said("round_gone")
        if self.store.culture_has_answered(round_id, user):
            return self.said("already")
        taps = self.store.culture_taps(round_id, user)
        point = flow.points[index]
        if point.id in taps or index != self._next(round_id, user):
            return self.said("already_point", name=point.name) + [self.point(round_id, self._next(round_id, user))]
        taps[point.id] = score
        tapped = self.said("tapped", name=point.name, score=score)
        if len(taps) < len(flow.points):
            self.store.set_culture_taps(round_id, user, taps)
            return tapped + [self.point(round_id, self._next(round_id, user))]
        if not self.store.complete_culture(round_id, user, taps, every=flow.threshold):
            return self.said("already")
        if self.store.culture_shown(round_id)[0]:
            return tapped + self.said("done_shown", threshold=flow.threshold)
        answered = self.store.culture_answered(round_id)
        return tapped + self.said("done", answered=answered, threshold=flow.threshold)

    def standing(self, round_: dict, user: str, plan: bool) -> list[Reply]:
        """How a round stands: how many have answered, or (from the threshold) the star as last shown."""
        flow = self.flows.culture
        answered, counts = self.store.culture_shown(round_["id"])
        if not answered:
            return self.said("waiting", answered=self.store.culture_answered(round_["id"]), threshold=flow.threshold)
        points = star.stats(flow, counts)
        earlier = self.store.previous_culture_round(round_["id"], round_["team_id"])
        previous = star.stats(flow, self.store.culture_shown(earlier)[1]) if earlier else None
        title = flow.chart.title.format(team=round_["team"])
        png = star.chart(flow, points, previous, title=title)
        caption = say(
            flow,
            "caption_previous" if previous else "caption",
            team=round_["team"],
            answered=answered,
            threshold=flow.threshold,
        )
        photo = Reply("photo", caption, data={"filename": "culture-star.png", "content": png})
        words = star.summary(flow, points, answered, previous) + "\n\n" + star.questions(flow)
        out = [photo, Reply("text", words)]
        return out + (self.plan(round_["id"], points) if plan else [])

    def plan(self, round_id: int, points: list[star.PointStat]) -> list[Reply]:
        """The action plan: the actions so far, and a button to add one for each of the lowest points."""
        flow = self.flows.culture
        lines = [say(flow, "plan")]
        actions = self.store.culture_actions(round_id)
        if actions:
            lines += [say(flow, "plan_actions")] + [self.action_line(a) for a in actions]
        index = {p.id: i for i, p in enumerate(flow.points)}
        rows = tuple(
            (Button(say(flow, "btn_action", point=p.name), ACTION, f"{round_id}.{index[p.id]}"),)
            for p in star.lowest(flow, points)
        )
        return [Reply("text", "\n".join(lines), buttons=rows)]

    def action_line(self, action: dict) -> str:
        """One action as a line of the plan, with its review if it has had one."""
        flow = self.flows.culture
        review = ""
        if action["rag"]:
            rag = say(flow, f"rag_{action['rag']}")
            review = say(flow, "action_review", rag=rag, reviewed=action["reviewed_at"][:10])
        name = flow.point(action["point"]).name
        values = {
            "what": action["what"],
            "who": action["who"],
            "when": action["by_when"],
            "evidence": action["evidence"],
        }
        return say(flow, "action_line", point=name, review=review, **values)
