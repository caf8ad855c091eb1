"""What every part of the ``Store`` shares: the connection and the few ways it reads and inserts rows.

Each area of the store (teams, reflections, prompts, tea-briefs...) is a mixin
of ``StoreBase``; ``database.Store`` composes them and opens the connection.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

Row = dict[str, Any]  # a row as column name -> value, the shape every query returns


class StoreBase:
    """The connection (``db``, opened by ``Store``) and the helpers every area's SQL goes through."""

    db: Database

    def _rows(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[Row]:
        """Rows of a query, as dicts (straight from the connection, whose statements are prepared once)."""
        cursor = self.db.conn.execute(sql, list(params))
        names = [column[0] for column in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _row(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> Row | None:
        """The first row of a query, or None."""
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _insert(self, table: str, record: Row) -> int:
        """Insert a row into a table keyed by an integer ``id``; the new id."""
        new_id = self.db.table(table).insert(record).last_pk
        if not isinstance(new_id, int):
            raise TypeError(f"{table} has no integer id")  # only tables keyed by an integer id come here
        return new_id
