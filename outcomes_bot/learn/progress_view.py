"""/progress and /focus as replies: the chart as a photo, the three lines, and the focus for the next session.

``ProgressView`` is a ``Service`` over the flows and the store, so Telegram and
the terminal say the same. The progress itself is ``progress.py``; the picture
is ``charts.progress_chart``, every word on it from ``flows/progress.yaml``.
Only the worker sees their own progress: nothing here names or compares anyone.
"""

from __future__ import annotations

from ..replies import Button, Reply
from ..service import Service
from .charts import progress_chart
from .progress import Progress, progress, progress_text, say
from .progress_share import ProgressShares

FOCUS_ACTION = "focus"  # the button action that chooses a focus (its argument: a skill id, or "none")
CLEAR = "none"


def picture(view: Service, result: Progress) -> bytes:
    """The progress chart as PNG bytes: one panel per measure, with the report's fair and good lines."""
    flow, thresholds = view.flows.progress, view.flows.coach.thresholds
    lines = []
    for m in flow.measures:
        limits = getattr(thresholds, m.thresholds) if m.thresholds else None
        lines.append((limits.fair, limits.good) if limits else None)
    return progress_chart(
        [m.name for m in flow.measures],
        [result.series[m.id] for m in flow.measures],
        lines,
        [m.top for m in flow.measures],
        title=say(flow, "chart_title", sessions=result.sessions),
        session_label=flow.messages.chart_session,
        fair_label=flow.messages.chart_fair,
        good_label=flow.messages.chart_good,
    )


class ProgressView(Service):
    """A worker's progress and their focus for the next session, as replies."""

    def show(self, user: str) -> list[Reply]:
        """The chart (a photo) and three lines, with a button to focus on the suggested skill; or the empty state."""
        result = progress(self.store, self.flows, user)
        flow = self.flows.progress
        if result.sessions == 0:
            return [Reply("text", say(flow, "progress_none"))]
        caption = say(flow, "caption", sessions=result.sessions)
        photo = Reply("photo", caption, data={"filename": "progress.png", "content": picture(self, result)})
        lines = progress_text(self.flows, result)
        chosen = self.store.focus_of(user)
        skill = flow.skill(chosen["skill"]) if chosen and not chosen["taken_by"] else None
        if skill is not None:
            lines += "\n" + say(flow, "focus_now", skill=skill.name)
        suggested = flow.skill(result.next.get("skill") or "")
        rows: list[tuple[Button, ...]] = []
        if suggested is not None and suggested is not skill:
            rows.append((Button(say(flow, "btn_focus", skill=suggested.name), FOCUS_ACTION, suggested.id),))
        rows.append((Button(say(flow, "btn_focus_other"), FOCUS_ACTION, ""),))
        if self.store.teams_of(user):  # in a team: sharing with its supervisors is one tap away, never automatic
            rows.append((ProgressShares(self.flows, self.store).share_button(),))
        return [photo, Reply("text", lines, data={"progress": result.as_json()}, buttons=tuple(rows))]

    def focus(self, user: str, arg: str = "") -> list[Reply]:
        """/focus [skill]: choose the skill for the next session, clear it ('none'), or see the choices."""
        flow, arg = self.flows.progress, arg.strip().lower()
        if arg == CLEAR:
            self.store.clear_focus(user)
            return [Reply("text", say(flow, "focus_cleared"))]
        if arg:
            skill = flow.skill(arg) or next((s for s in flow.skills if s.name.lower() == arg), None)
            if skill is None:
                return [Reply("text", say(flow, "focus_unknown"))] + self.choices(user)
            self.store.set_focus(user, skill.id)
            return [Reply("text", say(flow, "focus_set", skill=skill.name), data={"focus": skill.id})]
        return self.choices(user)

    def choices(self, user: str) -> list[Reply]:
        """The skills to choose from, one button each, with the focus already chosen (if any)."""
        flow = self.flows.progress
        chosen = self.store.focus_of(user)
        skill = flow.skill(chosen["skill"]) if chosen and not chosen["taken_by"] else None
        now = say(flow, "focus_now", skill=skill.name) if skill else say(flow, "focus_none")
        rows = [(Button(s.button, FOCUS_ACTION, s.id),) for s in flow.skills]
        rows.append((Button(say(flow, "btn_focus_clear"), FOCUS_ACTION, CLEAR),))
        return [Reply("text", f"{say(flow, 'focus_question')}\n{now}", buttons=tuple(rows))]

    def press(self, user: str, arg: str) -> list[Reply] | None:
        """A focus button: choose that skill ('' lists them, 'none' clears); None for a skill that no longer exists."""
        if arg and arg != CLEAR and self.flows.progress.skill(arg) is None:
            return None
        return self.focus(user, arg)
