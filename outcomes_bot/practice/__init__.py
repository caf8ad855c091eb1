"""Practice: the scripted conversation with a person who receives care.

Lives here: the engine (who, text) -> replies, the ``transitions`` stage machine,
the person's choice of words (``persona``), one turn worked out (``turn``), the
end-of-session report, and the skill a worker chose to focus on (``focus``).

May import: ``coach``, ``content``, ``store`` and the shared modules. Never a front end.
"""
