"""A local HTTP server that speaks the part of MailChimp's Marketing API v3 that Facturo uses.

Served on loopback under `/<dc>/3.0` (point `FACTURO_MAILCHIMP_URL` at
`http://127.0.0.1:<port>/{dc}/3.0`). It keeps audiences and members in memory and answers
like MailChimp: HTTP Basic with the key as password, `application/problem+json` errors
(`type, title, status, detail, instance`), "Member In Compliance State" for a person who
unsubscribed, 429 past 10 simultaneous connections, batches whose results are a gzipped tar
of JSON files. `down`, `delay` and `fail_next` make it fail the way a real service does.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import tarfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

MAX_CONNECTIONS = 10
PROBLEM = "application/problem+json"


def md5_of(email: str) -> str:
    """MailChimp's subscriber hash."""
    return hashlib.md5(email.lower().encode()).hexdigest()


@dataclass
class Member:
    """A person in an audience."""

    email_address: str
    status: str
    merge_fields: dict[str, Any] = field(default_factory=dict)
    language: str = ""
    tags: set[str] = field(default_factory=set)
    archived: bool = False

    def reply(self, list_id: str) -> dict[str, Any]:
        return {"id": md5_of(self.email_address), "email_address": self.email_address,
                "status": "archived" if self.archived else self.status,
                "merge_fields": self.merge_fields, "language": self.language,
                "tags": [{"name": t} for t in sorted(self.tags)], "list_id": list_id}


class Problem(Exception):
    """An error answer."""

    def __init__(self, status: int, title: str, detail: str, headers: dict | None = None):
        super().__init__(detail)
        self.status, self.title, self.detail, self.headers = status, title, detail, headers or {}


class MailChimpState:
    """Accounts (keys), audiences, members, batches, and the failure switches."""

    def __init__(self, api_key: str, audiences: dict[str, str] | None = None) -> None:
        self.api_key = api_key
        self.audiences = audiences or {"a1b2c3": "Klanten", "d4e5f6": "Nieuwsbrief"}
        self.members: dict[str, dict[str, Member]] = {key: {} for key in self.audiences}
        self.batches: dict[str, dict[str, Any]] = {}
        self.archives: dict[str, bytes] = {}
        self.calls: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.active = 0
        self.peak = 0
        self.down_until = 0.0
        self.delay = 0.0
        self.failures: list[tuple[int, str, dict]] = []
        self.batch_polls_to_finish = 1

    # --- switches ---------------------------------------------------------------------------
    def down_for(self, seconds: float) -> None:
        """Answer 503 to everything for a while."""
        self.down_until = time.monotonic() + seconds

    def fail_next(self, status: int, title: str = "Too Many Requests", **headers: str) -> None:
        """The next request gets this error."""
        self.failures.append((status, title, headers))

    def member(self, list_id: str, email: str) -> Member | None:
        return self.members[list_id].get(md5_of(email))

    # --- operations ---------------------------------------------------------------------------
    def handle(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> Any:
        """The answer to one operation (also used for the operations of a batch)."""
        parts = [p for p in path.split("/") if p]
        if parts == ["lists"] and method == "GET":
            count = int(query.get("count", ["10"])[0])
            offset = int(query.get("offset", ["0"])[0])
            lists = [{"id": k, "name": v, "stats": {"member_count": sum(
                1 for m in self.members[k].values() if m.status == "subscribed" and not m.archived
            )}} for k, v in self.audiences.items()]
            return 200, {"lists": lists[offset:offset + count], "total_items": len(lists)}
        if len(parts) >= 2 and parts[0] == "lists":
            if parts[1] not in self.audiences:
                raise Problem(404, "Resource Not Found",
                              "The requested resource could not be found.")
            members = self.members[parts[1]]
            if len(parts) == 4 and parts[2] == "members":
                return self.member_call(parts[1], members, parts[3], method, body)
            if len(parts) == 5 and parts[2] == "members" and parts[4] == "tags" \
                    and method == "POST":
                member = members.get(parts[3])
                if member is None:
                    raise Problem(404, "Resource Not Found",
                                  "The requested resource could not be found.")
                for tag in body.get("tags", []):
                    if tag.get("status") == "inactive":
                        member.tags.discard(tag["name"])
                    else:
                        member.tags.add(tag["name"])
                return 204, None
        if parts == ["batches"] and method == "POST":
            return 200, self.start_batch(body)
        if len(parts) == 2 and parts[0] == "batches" and method == "GET":
            return 200, self.batch_status(parts[1])
        raise Problem(404, "Resource Not Found", "The requested resource could not be found.")

    def member_call(self, list_id: str, members: dict[str, Member], key: str, method: str,
                    body: Any) -> tuple[int, Any]:
        member = members.get(key)
        if method == "GET":
            if member is None:
                raise Problem(404, "Resource Not Found",
                              "The requested resource could not be found.")
            return 200, member.reply(list_id)
        if method == "DELETE":
            if member is None or member.archived:
                raise Problem(404, "Resource Not Found",
                              "The requested resource could not be found.")
            member.archived = True
            return 204, None
        if method != "PUT":
            raise Problem(405, "Method Not Allowed", "The requested method is not allowed.")
        email = str(body.get("email_address", ""))
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            raise Problem(400, "Invalid Resource",
                          f"{email} looks fake or invalid, please enter a real email address.")
        new_key = md5_of(email)
        if member is None and key != new_key:
            raise Problem(400, "Invalid Resource",
                          "The subscriber hash does not match the email address.")
        wanted = body.get("status") or (body.get("status_if_new") if member is None or
                                        member.archived else None)
        if member is not None and key != new_key:  # the address changes: the member moves
            if new_key in members and not members[new_key].archived:
                raise Problem(400, "Member Exists",
                              f"{email} is already a list member.")
            del members[key]
            member.email_address = email
            members[new_key] = member
        if member is not None and member.status in ("unsubscribed", "cleaned") \
                and wanted == "subscribed":
            raise Problem(400, "Member In Compliance State",
                          f"{email} is in a compliance state due to unsubscribe, bounce, or "
                          "compliance review and cannot be subscribed.")
        if member is None:
            if wanted not in ("subscribed", "pending", "unsubscribed", "transactional"):
                raise Problem(400, "Invalid Resource",
                              "The resource submitted could not be validated.")
            member = members[new_key] = Member(email, wanted)
        elif wanted:
            member.status = wanted
        member.archived = False
        member.merge_fields.update(body.get("merge_fields") or {})
        member.language = body.get("language", member.language)
        return 200, member.reply(list_id)

    def start_batch(self, body: Any) -> dict[str, Any]:
        operations = body.get("operations")
        if not isinstance(operations, list):
            raise Problem(400, "Invalid Resource", "Schema describes array, object found.")
        batch_id = uuid.uuid4().hex[:10]
        results = []
        errored = 0
        for op in operations:
            path = urlsplit(op["path"])
            try:
                status, reply = self.handle(op["method"], path.path, parse_qs(path.query),
                                            json.loads(op.get("body") or "{}"))
            except Problem as problem:
                status, reply = problem.status, problem_body(problem, path.path)
                errored += 1
            results.append({"status_code": status, "operation_id": op.get("operation_id"),
                            "response": json.dumps(reply) if reply is not None else ""})
        self.archives[batch_id] = result_archive(results)
        self.batches[batch_id] = {"id": batch_id, "status": "pending", "polls": 0,
                                  "total_operations": len(operations),
                                  "finished_operations": 0, "errored_operations": errored}
        return self.batch_status(batch_id, poll=False)

    def batch_status(self, batch_id: str, poll: bool = True) -> dict[str, Any]:
        batch = self.batches.get(batch_id)
        if batch is None:
            raise Problem(404, "Resource Not Found",
                          "The requested resource could not be found.")
        if poll:
            batch["polls"] += 1
            if batch["polls"] >= self.batch_polls_to_finish:
                batch["status"] = "finished"
                batch["finished_operations"] = batch["total_operations"]
            else:
                batch["status"] = "started"
                batch["finished_operations"] = batch["total_operations"] // 2
        done = batch["status"] == "finished"
        return {key: batch[key] for key in ("id", "status", "total_operations",
                                            "finished_operations", "errored_operations")} | {
            "response_body_url": f"{self.base}/results/{batch_id}.tar.gz" if done else ""}

    base = ""


def problem_body(problem: Problem, instance: str) -> dict[str, Any]:
    """The `application/problem+json` body MailChimp sends with an error."""
    return {"type": "https://mailchimp.com/developer/marketing/docs/errors/",
            "title": problem.title, "status": problem.status, "detail": problem.detail,
            "instance": instance}


def result_archive(results: list[dict[str, Any]]) -> bytes:
    """A batch's results as MailChimp serves them: a gzipped tar of JSON arrays."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for start in range(0, max(len(results), 1), 500):
            data = json.dumps(results[start:start + 500]).encode()
            info = tarfile.TarInfo(f"{uuid.uuid4().hex}.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


class Handler(BaseHTTPRequestHandler):
    """One request: checks the connection count, the key, the data centre, then answers."""

    protocol_version = "HTTP/1.1"
    server: MailChimpServer

    def log_message(self, *_args: Any) -> None:  # keep the test output clean
        pass

    def _send(self, status: int, body: Any, content_type: str = "application/json",
              headers: dict | None = None) -> None:
        data = b"" if body is None else (body if isinstance(body, bytes)
                                         else json.dumps(body).encode())
        self.send_response(status)
        if data:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _serve(self) -> None:
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        with state.lock:
            state.active += 1
            state.peak = max(state.peak, state.active)
            crowded = state.active > MAX_CONNECTIONS
            failure = state.failures.pop(0) if state.failures else None
            state.calls.append((self.command, url.path))
        try:
            if state.delay:
                time.sleep(state.delay)
            if crowded:
                raise Problem(429, "Too Many Requests",
                              "You have exceeded the limit of 10 simultaneous connections.")
            if failure:
                raise Problem(failure[0], failure[1], "Try again later.", failure[2])
            if time.monotonic() < state.down_until:
                raise Problem(503, "Service Unavailable", "The service is down for maintenance.")
            match = re.fullmatch(r"/(\w+)/3\.0(/.*)", url.path)
            if url.path.startswith("/results/"):
                data = state.archives.get(url.path[len("/results/"):-len(".tar.gz")])
                if data is None:
                    raise Problem(404, "Resource Not Found", "No such archive.")
                self._send(200, data, "application/x-gzip")
                return
            if match is None:
                raise Problem(404, "Resource Not Found", "No such path.")
            dc, path = match.groups()
            if self.headers.get("Authorization") != basic(state.api_key) \
                    or not state.api_key.endswith(f"-{dc}"):
                raise Problem(401, "API Key Invalid", "Your API key may be invalid, or you've "
                              "attempted to access the wrong datacenter.")
            body = json.loads(raw or b"{}")
            with state.lock:
                status, reply = state.handle(self.command, path, parse_qs(url.query), body)
            self._send(status, reply)
        except Problem as problem:
            self._send(problem.status, problem_body(problem, url.path), PROBLEM, problem.headers)
        except (ValueError, KeyError) as exc:
            self._send(400, problem_body(Problem(400, "JSON Parse Error", str(exc)), url.path),
                       PROBLEM)
        finally:
            with state.lock:
                state.active -= 1

    do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = _serve


def basic(api_key: str) -> str:
    """The Authorization header MailChimp expects (any user name, the key as password)."""
    return "Basic " + base64.b64encode(f"facturo:{api_key}".encode()).decode()


class MailChimpServer(ThreadingHTTPServer):
    """The server, with its state; `url` is the value for `FACTURO_MAILCHIMP_URL`."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, state: MailChimpState) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = state
        state.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.url = state.base + "/{dc}/3.0"
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def __enter__(self) -> MailChimpServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: Any) -> None:
        self.shutdown()
        self.server_close()
