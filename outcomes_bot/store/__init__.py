"""The store: the only room that touches the database (SQLite, through sqlite-utils).

Lives here: the ``Store`` (``database``, with the practice tables and the
migrations), the SQL for teams (``teams``) and tea-briefs (``teabrief``), and
the one-bot-per-database lock (``runlock``).

May import: ``practice.machine`` (the Session and Turn it saves) and the shared
modules. Only this room imports ``sqlite3`` or ``sqlite_utils``.
"""
