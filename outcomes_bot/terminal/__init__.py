"""The terminal front end: practice at a prompt or from a pipe, and reflection without Telegram.

May import any engine room; never the Telegram front end.
"""
