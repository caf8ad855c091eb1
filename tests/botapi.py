"""A local stand-in for the Telegram Bot API, over real HTTP on 127.0.0.1.

The bot under test talks to it exactly as to Telegram: PTB's own networking,
form-encoded and multipart bodies, long polling with ``getUpdates``. Tests
play users by queueing updates (``say``, ``press``, ``send_photo``...) and
read what the bot sent (``sent``, ``wait_for``). Like Telegram, it refuses a
wrong token, message text over 4,096 characters and HTML it cannot parse, so
escaping mistakes fail tests.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import sys
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

BOT = {"id": 999000, "is_bot": True, "first_name": "Outcomes", "username": "outcomes_test_bot"}
TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler", "blockquote"}
MARKUP = re.compile(r"<(/?)([a-z-]+)(?:\s[^<>]*)?>|&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);|[<>&]")


class ApiError(Exception):
    """A Bot API error: an HTTP status and Telegram's description."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


def parse_html(text: str) -> str:
    """The plain text Telegram would show for HTML ``text``; ApiError if it cannot parse it."""
    stack: list[str] = []
    for match in MARKUP.finditer(text):
        token = match.group(0)
        if token in "<>&":
            raise ApiError(400, f"Bad Request: can't parse entities: unexpected '{token}' at {match.start()}")
        if token.startswith("<"):
            closing, tag = match.group(1), match.group(2)
            if tag not in TAGS:
                raise ApiError(400, f"Bad Request: can't parse entities: unsupported tag '{tag}'")
            if not closing:
                stack.append(tag)
            elif not stack or stack.pop() != tag:
                raise ApiError(400, f"Bad Request: can't parse entities: unmatched end tag '{tag}'")
    if stack:
        raise ApiError(400, f"Bad Request: can't parse entities: unclosed tag '{stack[-1]}'")
    return html.unescape(re.sub(r"<[^<>]+>", "", text))


def utf16(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


class BotAPI:
    """The stand-in server, its queue of updates and a record of every call."""

    def __init__(self, token: str = "123456:TEST-token-abc"):
        self.token = token
        self.lock = threading.Condition()
        self.updates: list[dict] = []
        self.calls: list[tuple[str, dict]] = []
        self.messages: dict[int, dict] = {}  # message_id -> message the bot sent
        self.files: dict[str, bytes] = {}
        self.commands: list[dict] = []
        self.webhook: dict = {}
        self.names: dict[int, str] = {}  # user id -> first name, if not User<id>
        self.missing: set[str] = set()  # methods to answer 404, like a Bot API server without them
        self.slow = 0.0  # seconds each sendMessage takes, like a busy server
        self.privacy_mode = True  # in groups, deliver only commands and replies to the bot, as Telegram does
        self.dropped: list[str] = []  # group messages the bot never saw because of privacy mode
        self.admins: dict[int, list[int]] = {}  # group chat id -> its administrators' user ids
        self.polls: dict[str, dict] = {}  # poll id -> the poll sent, its chat and each voter's choice
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self.server = QuietServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The base URL to give the bot as TELEGRAM_API_URL."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "BotAPI":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- playing users -----------------------------------------------------------

    def push(self, kind: str, payload: dict) -> int:
        """Queue one update of ``kind`` (message, callback_query...) and return its id."""
        with self.lock:
            update_id = next(self._update_ids)
            self.updates.append({"update_id": update_id, kind: payload})
            self.lock.notify_all()
            return update_id

    def push_raw(self, update: dict) -> int:
        """Queue an update exactly as given, malformed or not, under the next id; return the id."""
        with self.lock:
            update_id = next(self._update_ids)
            self.updates.append({"update_id": update_id, **update})
            self.lock.notify_all()
            return update_id

    def message(self, user: int, chat: int | None = None, **fields: object) -> dict:
        """A message from ``user`` in a private chat, or in group ``chat`` (a negative id)."""
        chat_id = chat if chat is not None else user
        sender = self.user(user)
        chat_data = {"id": chat_id, "type": "private", "first_name": sender["first_name"]}
        if chat_id < 0:
            chat_data = {"id": chat_id, "type": "group", "title": "Team"}
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat_data,
            "from": sender,
            **fields,
        }

    def user(self, user: int) -> dict:
        """The Telegram user object for a user id."""
        return {"id": user, "is_bot": False, "first_name": self.names.get(user, f"User{user}")}

    def say(self, user: int, text: str, chat: int | None = None, reply_to: int | None = None) -> int | None:
        """``user`` sends ``text`` (as a reply to the bot's message ``reply_to``, if given).

        A leading /command is marked as Telegram marks it. In a group with privacy mode on, a
        message that is neither a command nor a reply to the bot never reaches it (None).
        """
        fields: dict = {"text": text}
        command = re.match(r"/[A-Za-z0-9_@]+", text)
        if command:
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command.group(0))}]
        if reply_to is not None:
            fields["reply_to_message"] = self.messages[int(reply_to)]
        if chat is not None and chat < 0 and self.privacy_mode and not command and reply_to is None:
            self.dropped.append(text)
            return None
        return self.push("message", self.message(user, chat, **fields))

    def edit(self, user: int, text: str) -> int:
        """``user`` edits an earlier message of theirs to ``text``."""
        return self.push("edited_message", {**self.message(user, text=text), "edit_date": int(time.time())})

    def send_sticker(self, user: int) -> int:
        """``user`` sends a sticker."""
        sticker = {
            "file_id": "st1",
            "file_unique_id": "st1u",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        }
        return self.push("message", self.message(user, sticker=sticker))

    def send_photo(self, user: int) -> int:
        """``user`` sends a photo."""
        photo = [{"file_id": "ph1", "file_unique_id": "ph1u", "width": 90, "height": 90}]
        return self.push("message", self.message(user, photo=photo))

    def send_voice(self, user: int) -> int:
        """``user`` sends a voice note."""
        return self.push("message", self.message(user, voice={"file_id": "v1", "file_unique_id": "v1u", "duration": 3}))

    def send_document(self, user: int) -> int:
        """``user`` sends a file."""
        document = {"file_id": "d1", "file_unique_id": "d1u", "file_name": "notes.pdf"}
        return self.push("message", self.message(user, document=document))

    def press(self, user: int, data: str, message: dict | None = None) -> int:
        """``user`` presses an inline button carrying ``data`` under ``message`` (a message the bot sent)."""
        query = {"id": f"q{next(self._update_ids)}", "from": self.user(user), "chat_instance": f"c{user}", "data": data}
        if message is not None:
            query["message"] = message
        return self.push("callback_query", query)

    def tap(self, user: int, message_id: int, starts: str) -> int:
        """``user`` taps the button whose data starts with ``starts`` under the bot's message."""
        message = self.messages[int(message_id)]
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        data = next(b["callback_data"] for row in rows for b in row if b.get("callback_data", "").startswith(starts))
        return self.press(user, data, message)

    def answer_poll(self, user: int, poll_id: str, option_ids: list[int]) -> int:
        """``user`` answers the bot's poll: a ``poll_answer`` with the user if the poll is not anonymous,
        then the poll's new counts as a ``poll`` update, as Telegram sends both for a bot's own polls."""
        with self.lock:
            kept = self.polls[poll_id]
            kept["votes"][user] = list(option_ids)
            poll = kept["poll"]
            for index, option in enumerate(poll["options"]):
                option["voter_count"] = sum(index in chosen for chosen in kept["votes"].values())
            poll["total_voter_count"] = len(kept["votes"])
            state = json.loads(json.dumps(poll))
        if not poll["is_anonymous"]:
            chosen = {"option_ids": list(option_ids), "option_persistent_ids": [f"o{i}" for i in option_ids]}
            self.push("poll_answer", {"poll_id": poll_id, "user": self.user(user), **chosen})
        return self.push("poll", state)

    # --- reading what the bot did -------------------------------------------------

    def sent(self, chat: int | None = None, method: str = "sendMessage") -> list[dict]:
        """Every call of ``method`` the bot made (to ``chat`` if given), oldest first."""
        with self.lock:
            return [p for m, p in self.calls if m == method and (chat is None or int(p.get("chat_id", 0)) == chat)]

    def texts(self, chat: int) -> list[str]:
        """The plain text of every message the bot sent to ``chat``."""
        return [parse_html(p["text"]) for p in self.sent(chat)]

    def wait_for(self, check, timeout: float = 15.0):
        """Wait until ``check()`` returns something true, and return it; AssertionError on timeout.

        Checks at most 50 times a second, so that a busy bot is not slowed by the test watching it.
        """
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                result = check()
                if result:
                    return result
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out after {timeout} s; last calls: {self.calls[-5:]}")
                self.lock.wait(left)
            time.sleep(0.02)

    def wait_messages(self, chat: int, count: int, timeout: float = 15.0) -> list[dict]:
        """Wait until the bot has sent ``count`` messages to ``chat``; return them all."""
        return self.wait_for(lambda: len(self.sent(chat)) >= count and self.sent(chat), timeout)

    def reply(self, chat: int, after: int, timeout: float = 15.0, quiet: float = 0.1) -> list[dict]:
        """Wait for the bot's whole answer to a message, when ``after`` messages had already gone to ``chat``.

        The answer has come when at least one message has, and then nothing more for ``quiet`` seconds.
        """
        self.wait_for(lambda: len(self.sent(chat)) > after, timeout)
        count = len(self.sent(chat))
        while True:
            time.sleep(quiet)
            now = len(self.sent(chat))
            if now == count:
                return self.sent(chat)[after:]
            count = now

    # --- the HTTP side -------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        """A request handler class bound to this stand-in."""
        api = self

        class Handler(BaseHTTPRequestHandler):
            """Routes /bot<token>/<method> to the stand-in."""

            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # or small replies stall 40 ms on delayed ACKs

            def log_message(self, *args: object) -> None:
                """Stay quiet."""

            def do_GET(self) -> None:
                self.do_POST()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, answer = api.handle(self.path, self.headers.get("Content-Type", ""), body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def handle(self, path: str, content_type: str, body: bytes) -> tuple[int, dict]:
        """Answer one Bot API call: (HTTP status, JSON body)."""
        match = re.fullmatch(r"/bot([^/]+)/(\w+)", path.split("?")[0])
        if not match or match.group(1) != self.token:
            return 401 if match else 404, {
                "ok": False,
                "error_code": 401 if match else 404,
                "description": "Unauthorized" if match else "Not Found",
            }
        method = match.group(2)
        params = parse_body(content_type, body)
        known = method not in self.missing
        try:
            result = getattr(self, f"api_{method.lower()}" if known else "api_unknown", self.api_unknown)(params)
        except ApiError as exc:
            return exc.status, {"ok": False, "error_code": exc.status, "description": exc.description}
        record = {k: v for k, v in params.items() if not isinstance(v, bytes)}
        if isinstance(result, dict) and "message_id" in result:
            record["message_id"] = result["message_id"]  # so a test can press buttons under it
        with self.lock:
            self.calls.append((method, record))
            self.lock.notify_all()
        return 200, {"ok": True, "result": result}

    def api_unknown(self, params: dict) -> None:
        """A method the stand-in does not know."""
        raise ApiError(404, "Not Found: method not found")

    def api_getme(self, params: dict) -> dict:
        """getMe: the bot itself."""
        return {**BOT, "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}

    def api_getupdates(self, params: dict) -> list[dict]:
        """getUpdates: confirm everything before ``offset``, then long-poll for the rest."""
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 5.0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        with self.lock:
            if offset:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
            while not self.updates and time.monotonic() < deadline:
                self.lock.wait(deadline - time.monotonic())
            return list(self.updates[:limit])

    def api_sendmessage(self, params: dict) -> dict:
        """sendMessage: check the text as Telegram would, then keep it."""
        time.sleep(self.slow)
        text = params.get("text", "")
        plain = parse_html(text) if params.get("parse_mode") == "HTML" else text
        if not plain.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16(plain) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return self._keep(params, text=plain)

    def api_sendpoll(self, params: dict) -> dict:
        """sendPoll: check a quiz poll as Telegram would (question, options, the right one, explanation), keep it."""
        question = self._poll_text(params, "question", 300)
        options = [
            o if isinstance(o, str) else parse_html(o["text"]) if o.get("text_parse_mode") == "HTML" else o["text"]
            for o in json.loads(params.get("options", "[]"))
        ]
        if not 2 <= len(options) <= 12 or not all(0 < utf16(o) <= 100 for o in options):
            raise ApiError(400, "Bad Request: poll options must be 2-12 strings of 1-100 characters")
        quiz = params.get("type") == "quiz"
        correct = json.loads(params.get("correct_option_ids") or "[]") or (
            [int(params["correct_option_id"])] if params.get("correct_option_id") else []
        )
        if quiz and (not correct or not all(0 <= c < len(options) for c in correct)):
            raise ApiError(400, "Bad Request: wrong correct option ID specified")
        explanation = self._poll_text(params, "explanation", 200)
        if explanation.count("\n") > 2:
            raise ApiError(400, "Bad Request: explanation can't contain more than 2 line feeds")
        poll = {
            "id": f"poll{next(self._message_ids)}",
            "question": question,
            "options": [{"text": o, "voter_count": 0, "persistent_id": f"o{i}"} for i, o in enumerate(options)],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": params.get("is_anonymous", "true").lower() != "false",
            "type": params.get("type", "regular"),
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
            **({"correct_option_ids": correct, "explanation": explanation} if quiz else {}),
        }
        with self.lock:
            self.polls[poll["id"]] = {"poll": poll, "chat_id": int(params["chat_id"]), "votes": {}}
        return self._keep(params, poll=poll)

    def _poll_text(self, params: dict, name: str, limit: int) -> str:
        """A poll's question or explanation as shown (HTML parsed if asked), no longer than Telegram allows."""
        value = params.get(name, "")
        plain = parse_html(value) if params.get(f"{name}_parse_mode") == "HTML" else value
        if utf16(plain) > limit:
            raise ApiError(400, f"Bad Request: poll {name} is too long ({utf16(plain)} > {limit})")
        if name == "question" and not plain.strip():
            raise ApiError(400, "Bad Request: poll question must be non-empty")
        return plain

    def api_senddocument(self, params: dict) -> dict:
        """sendDocument: keep the uploaded file's bytes under its name."""
        upload = params.get("document")
        if not isinstance(upload, bytes):
            raise ApiError(400, "Bad Request: there is no document in the request")
        name = params.get("document_filename", "file")
        self.files[name] = upload
        return self._keep(params, document={"file_id": name, "file_unique_id": name, "file_name": name})

    def api_sendphoto(self, params: dict) -> dict:
        """sendPhoto: keep the uploaded picture's bytes under its name, and its caption (at most 1,024)."""
        upload = params.get("photo")
        if not isinstance(upload, bytes):
            raise ApiError(400, "Bad Request: there is no photo in the request")
        caption = params.get("caption", "")
        if utf16(parse_html(caption) if params.get("parse_mode") == "HTML" else caption) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        name = params.get("photo_filename", "photo")
        self.files[name] = upload
        size = {"file_id": name, "file_unique_id": name, "width": 800, "height": 800}
        return self._keep(params, photo=[size], caption=caption)

    def api_editmessagereplymarkup(self, params: dict) -> dict:
        """editMessageReplyMarkup: the message, with its new buttons."""
        message = self.messages.get(int(params.get("message_id") or 0))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    def api_editmessagetext(self, params: dict) -> dict:
        """editMessageText: the message, with its new text."""
        return {**self.api_editmessagereplymarkup(params), "text": parse_html(params.get("text", ""))}

    def api_setmycommands(self, params: dict) -> bool:
        """setMyCommands: keep the command menu."""
        self.commands = json.loads(params.get("commands", "[]"))
        return True

    def api_setwebhook(self, params: dict) -> bool:
        """setWebhook: keep the URL and secret."""
        self.webhook = dict(params)
        return True

    def api_deletewebhook(self, params: dict) -> bool:
        """deleteWebhook."""
        self.webhook = {}
        return True

    def api_getchatadministrators(self, params: dict) -> list[dict]:
        """getChatAdministrators: the group's admins, as ChatMember objects."""
        users = self.admins.get(int(params.get("chat_id", 0)))
        if users is None:
            raise ApiError(400, "Bad Request: there are no administrators in the private chat")
        return [self._admin(u) for u in users]

    def api_getchatmember(self, params: dict) -> dict:
        """getChatMember: an administrator of the group, or a plain member (unknown if it lists no admins)."""
        users = self.admins.get(int(params.get("chat_id", 0)))
        if users is None:
            raise ApiError(400, "Bad Request: chat not found")
        user = int(params.get("user_id", 0))
        return self._admin(user) if user in users else {"status": "member", "user": self.user(user)}

    def _admin(self, user: int) -> dict:
        """An administrator, as a ChatMember object."""
        return {
            "status": "administrator",
            "user": self.user(user),
            "can_be_edited": False,
            "is_anonymous": False,
            "can_manage_chat": True,
            "can_delete_messages": True,
            "can_manage_video_chats": True,
            "can_restrict_members": True,
            "can_promote_members": False,
            "can_change_info": True,
            "can_invite_users": True,
            "can_post_stories": False,
            "can_edit_stories": False,
            "can_delete_stories": False,
        }

    def api_setmessagereaction(self, params: dict) -> bool:
        """setMessageReaction: a 👍 on someone's message."""
        return True

    def api_sendchataction(self, params: dict) -> bool:
        """sendChatAction ('typing…')."""
        return True

    def api_answercallbackquery(self, params: dict) -> bool:
        """answerCallbackQuery."""
        return True

    def _keep(self, params: dict, **fields: object) -> dict:
        """Make and keep a message the bot sent, as Telegram would return it."""
        chat_id = int(params["chat_id"])
        chat = {"id": chat_id, "type": "private" if chat_id > 0 else "group"}
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat, "from": BOT, **fields}
        if params.get("reply_markup"):
            message["reply_markup"] = json.loads(params["reply_markup"])
        with self.lock:
            self.messages[message["message_id"]] = message
        return message


class QuietServer(ThreadingHTTPServer):
    """A threading HTTP server that ignores clients hanging up (a bot stopping mid long-poll)."""

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet about dropped connections; report anything else."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def parse_body(content_type: str, body: bytes) -> dict:
    """Form-encoded, multipart or JSON request parameters, as a dict (files as bytes)."""
    if content_type.startswith("multipart/form-data"):
        parsed = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        params: dict = {}
        for part in parsed.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if part.get_filename():
                params[name], params[f"{name}_filename"] = payload, part.get_filename()
            else:
                params[name] = payload.decode("utf-8")
        return params
    if content_type.startswith("application/json"):
        return {k: v if isinstance(v, str) else json.dumps(v) for k, v in json.loads(body or b"{}").items()}
    return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
