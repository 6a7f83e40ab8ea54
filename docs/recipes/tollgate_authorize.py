"""Tollgate real-time enforcement for Kamailio's app_python3 (Debian: kamailio-python3-modules).

Loaded by docs/recipes/kamailio-python3.cfg, which sets the shared variables read here and calls
python_exec("authorize", "<account code>") for every INVITE. Each Kamailio worker keeps one HTTP
connection to Tollgate alive and reopens it after an error; one request may take at most
$shv(tollgate_timeout_ms) milliseconds in all (connect, send, answer), then the call is decided by
the deployment's policy: fail open (route the call) or, with $shv(tollgate_fail_closed) = 1, 503.

Returns 1 when the call may go on (Tollgate allowed it, or fail open), -1 after answering the INVITE
itself (Tollgate's SIP code and reason, or 503 when failing closed): the cfg then exits.
"""

import http.client
import json
import time
import urllib.parse

import KSR

# A connection Tollgate (or a proxy) closed while it sat idle fails on first use: ask once more on a
# fresh one, within the same time budget, rather than deciding the call on a stale socket.
STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class Tollgate:
    def __init__(self):
        self.conn = None
        self.settings = None

    def child_init(self, rank):
        # Connections are per worker: never share one opened before the fork.
        self.conn = None
        return 0

    def _settings(self):
        if self.settings is None:
            url = urllib.parse.urlsplit(KSR.pv.get("$shv(tollgate_url)"))
            self.settings = {
                "https": url.scheme == "https",
                "host": url.hostname,
                "port": url.port or (443 if url.scheme == "https" else 80),
                "path": url.path + ("?" + url.query if url.query else ""),
                "token": KSR.pv.get("$shv(tollgate_token)"),
                "timeout_ms": int(KSR.pv.get("$shv(tollgate_timeout_ms)")),
                "fail_closed": KSR.pv.get("$shv(tollgate_fail_closed)") == 1,
            }
        return self.settings

    def _close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _ask(self, s, body):
        """POSTs body to Tollgate and returns (HTTP status, answer text), or raises on time-out/error."""
        deadline = time.monotonic() + s["timeout_ms"] / 1000
        headers = {
            "Content-Type": "application/json",
            "Authorization": "Bearer " + s["token"],
        }
        for attempt in (1, 2):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("timed out")
            reused = self.conn is not None
            if self.conn is None:
                cls = http.client.HTTPSConnection if s["https"] else http.client.HTTPConnection
                self.conn = cls(s["host"], s["port"], timeout=left)
            try:
                if self.conn.sock is not None:
                    self.conn.sock.settimeout(left)
                self.conn.timeout = left  # the connect of a fresh connection
                self.conn.request("POST", s["path"], body, headers)
                # Kept here: after an answer with `Connection: close` the connection lets go of its socket.
                sock = self.conn.sock
                sock.settimeout(max(deadline - time.monotonic(), 0.001))
                answer = self.conn.getresponse()
                sock.settimeout(max(deadline - time.monotonic(), 0.001))
                text = answer.read().decode("utf-8", "replace")
                if answer.will_close:
                    self._close()
                return answer.status, text
            except STALE:
                self._close()
                if not reused or attempt == 2:
                    raise
            except BaseException:
                self._close()
                raise
        raise TimeoutError("timed out")

    def _no_answer(self, s, why, caller, callee):
        """Tollgate gave no decision: the deployment's policy decides the call."""
        policy = "failing closed (503)" if s["fail_closed"] else "failing open"
        KSR.warn("tollgate: %s for %s -> %s: %s\n" % (why, caller, callee, policy))
        if s["fail_closed"]:
            KSR.sl.send_reply(503, "Service Unavailable")
            return -1
        return 1

    def authorize(self, msg, account):
        s = self._settings()
        caller = KSR.pv.get("$fU") or ""
        callee = KSR.pv.get("$rU") or ""
        body = json.dumps(
            {"accountCode": account, "sourceIp": KSR.pv.get("$si"), "caller": caller, "callee": callee}
        )
        try:
            status, text = self._ask(s, body)
        except (OSError, http.client.HTTPException) as e:
            why = {TimeoutError: "timed out", ConnectionRefusedError: "connection refused"}.get(type(e), repr(e))
            return self._no_answer(s, "no answer within %d ms (%s)" % (s["timeout_ms"], why), caller, callee)
        except Exception as e:
            # A fault in this script must still leave the call to the deployment's policy, never unanswered.
            return self._no_answer(s, "no decision (%r)" % e, caller, callee)
        if status != 200:
            # A 401 (wrong token) or 400 (the cfg builds a bad request) is a broken integration, not a decision.
            return self._no_answer(s, "no decision (HTTP %d)" % status, caller, callee)
        first = text.split("\n", 1)[0].strip()
        code, _, reason = first.partition(" ")
        if not code.isdigit():
            return self._no_answer(s, "no decision (answer %r)" % first[:40], caller, callee)
        if int(code) == 200:
            return 1
        KSR.notice("tollgate: %s for %s -> %s\n" % (first, caller, callee))
        KSR.sl.send_reply(int(code), reason or "Declined")
        return -1


def mod_init():
    return Tollgate()
