"""The store: the only room that touches the database (SQLite, through sqlite-utils).

Lives here: the ``Store`` (``database``: the connection, practice sessions and
turns, composing one mixin per area), every schema change in order
(``migrations``), the shared row helpers (``base``), the SQL for teams and
members (``teams``), reflections (``reflections``), prompts and schedules
(``prompts``), half-done input (``pending``), a person's team-side data for
/mydata and /forget (``personal``), tea-briefs (``teabrief``), and the
one-bot-per-database lock (``runlock``).

May import: ``practice.machine`` (the Session and Turn it saves) and the shared
modules. Only this room imports ``sqlite3`` or ``sqlite_utils``.
"""
