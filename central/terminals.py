"""Terminals and staff: enrolment and secrets, the staff accounts terminals sign in with, and
the authentication of every terminal request (its headers, clock and signature, and replays)."""

from __future__ import annotations

import time
from typing import Any

from central.base import Answer, PlatformBase, PlatformError, valid_sha
from core import protocol
from core.staff import StaffRole, check_new_password, hash_password

SECRET_TTL = 10.0  # seconds a terminal's secret is used from memory
#: '' for a terminal enrolled before roles were recorded
#: who delivers to the platform: the hall's terminals, and the online portal (网上办事大厅),
#: which delivers the applications citizens make on line like a terminal (the statistics'
#: online channel)
TERMINAL_ROLES = ("", "kiosk", "counter", "agent", "display", "online")


class Terminals(PlatformBase):
    def add_terminal(self, terminal_id: str, name: str = "", hall: str = "", role: str = "") -> str:
        """Enrols a terminal (or rotates its secret) in a hall, as a kiosk, counter or agent
        station; returns the new secret."""
        if role not in TERMINAL_ROLES:
            raise PlatformError(422, f"role must be one of {', '.join(TERMINAL_ROLES[1:])}")
        secret = protocol.new_secret()
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO terminals (id, secret, name, hall, role, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                " secret = excluded.secret, enabled = 1, hall = excluded.hall,"
                " role = excluded.role",
                (terminal_id, secret, name, hall, role, self.now_iso()),
            )
        self._secrets.pop(terminal_id, None)
        return secret

    def add_staff(
        self, number: str, name: str, role: str, password: str, hall: str = ""
    ) -> dict[str, Any]:
        """Creates a staff account or replaces its name, role, hall and password (enabled)."""
        if not (number and len(number) <= 32 and number.isprintable() and "|" not in number):
            raise PlatformError(422, "staff number required (at most 32 printable characters)")
        if not name or len(name) > 64:
            raise PlatformError(422, "name required (at most 64 characters)")
        try:
            staff_role = StaffRole(role)
            check_new_password(password, context=(number, name, hall))
        except ValueError as e:
            raise PlatformError(422, f"{e}") from None
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO staff VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (number) DO UPDATE"
                " SET name = excluded.name, role = excluded.role, hall = excluded.hall,"
                " password_hash = excluded.password_hash, enabled = 1,"
                " updated_at = excluded.updated_at",
                (number, name, staff_role.value, hall, hash_password(password), self.now_iso()),
            )
            # a new password unlocks a console account locked after failed sign-ins
            c.execute("DELETE FROM console_attempts WHERE number = ?", (number,))
            self._bump_staff_version(c)
        return {"number": number, "name": name, "role": staff_role.value, "hall": hall}

    def disable_staff(self, number: str) -> dict[str, Any]:
        with self.db.transaction() as c:
            n = c.execute(
                "UPDATE staff SET enabled = 0, updated_at = ? WHERE number = ?",
                (self.now_iso(), number),
            ).rowcount
            if not n:
                raise PlatformError(404, "no such staff account")
            self._bump_staff_version(c)
        return {"number": number, "enabled": False}

    def _bump_staff_version(self, c: Any) -> None:
        self.count_up(c, "staff_version")

    def staff_list(self, terminal: str | None = None) -> Answer:
        """The accounts a terminal may sign in (its hall's and those of every hall, disabled
        ones too so that terminals drop them), or every account for the administrator —
        without hashes."""
        c = self.db.conn
        row = c.execute("SELECT value FROM platform_meta WHERE key = 'staff_version'").fetchone()
        version = int(row[0]) if row else 0
        query = "SELECT number, name, role, hall, password_hash, enabled FROM staff"
        args: tuple[str, ...] = ()
        if terminal is not None:
            hall_row = c.execute(
                "SELECT hall, role FROM terminals WHERE id = ?", (terminal,)
            ).fetchone()
            if hall_row is not None and hall_row[1] in (
                "kiosk",
                "display",
                "online",
            ):  # the public's
                raise PlatformError(403, "a kiosk signs no staff in: no staff accounts for it")
            query += " WHERE hall = '' OR hall = ?"
            args = (hall_row[0] if hall_row else "",)
        members = [
            {
                "number": number,
                "name": name,
                "role": role,
                "hall": hall,
                "enabled": bool(enabled),
                **({"password_hash": digest} if terminal is not None and enabled else {}),
            }
            for number, name, role, hall, digest, enabled in c.execute(
                query + " ORDER BY number", args
            )
        ]
        return Answer(200, {"version": version, "staff": members})

    def precheck(self, headers: dict[str, str]) -> str:
        """What can be checked before a body is read: the authentication headers' form, the
        clock, and an enabled terminal. Returns the terminal id; raises PlatformError(401) —
        with one message for an unknown terminal and a bad signature (which ids exist is not
        told) — or 401 with the server time for a clock too far off."""
        tid = headers.get(protocol.TERMINAL.lower(), "")
        ts = headers.get(protocol.TIMESTAMP.lower(), "")
        nonce = headers.get(protocol.NONCE.lower(), "")
        sig = headers.get(protocol.SIGNATURE.lower(), "")
        well_formed = (
            0 < len(tid) <= 64
            and tid.isascii()
            and tid.isprintable()
            and ts.isascii()
            and ts.isdigit()
            and len(ts) <= 12
            and 16 <= len(nonce) <= 64
            and nonce.isascii()
            and nonce.isalnum()
            and valid_sha(sig)
        )
        if not well_formed:
            raise PlatformError(401, "missing or malformed authentication headers")
        now = int(self.clock())
        if abs(now - int(ts)) > protocol.MAX_SKEW:
            raise PlatformError(401, "clock skew too large", server_time=now)
        if self.replays.signed_before_start(int(ts)):  # its nonce may have been seen before
            raise PlatformError(401, "signed before the platform started", server_time=now)
        if self._secret(tid) is None:
            raise PlatformError(401, "authentication failed")
        return tid

    def authenticate_digest(
        self, method: str, path_query: str, headers: dict[str, str], digest: str
    ) -> str:
        """The signature over the request with its body's sha256, then the nonce (replays
        refused). Call :meth:`precheck` first (the headers' form and the clock are its)."""
        tid = headers[protocol.TERMINAL.lower()]
        ts = headers[protocol.TIMESTAMP.lower()]
        nonce = headers[protocol.NONCE.lower()]
        sig = headers[protocol.SIGNATURE.lower()]

        def verified(secret: str | None) -> bool:
            return secret is not None and protocol.verify(
                secret, method, path_query, ts, nonce, digest, sig, headers
            )

        if not verified(self._secret(tid)) and not verified(self._secret(tid, fresh=True)):
            raise PlatformError(401, "authentication failed")
        if not self.replays.first_use(tid, nonce, int(self.clock())):
            raise PlatformError(401, "replayed request")
        return tid

    def authenticate(
        self, method: str, path_query: str, headers: dict[str, str], body: bytes
    ) -> str:
        """Returns the terminal id, or raises PlatformError(401) saying why."""
        self.precheck(headers)
        return self.authenticate_digest(method, path_query, headers, protocol.body_digest(body))

    def _secret(self, terminal_id: str, *, fresh: bool = False) -> str | None:
        """An enabled terminal's secret, read at most every SECRET_TTL seconds (two reads a
        request were 5 % of central's busy time). A secret rotated by another process (the
        `hall-central terminal add` CLI) is read again when a signature does not verify; a
        terminal disabled elsewhere is refused within SECRET_TTL."""
        now = time.monotonic()
        known = self._secrets.get(terminal_id)
        if known is not None and not fresh and now - known[1] < SECRET_TTL:
            return known[0]
        row = self.db.conn.execute(
            "SELECT secret FROM terminals WHERE id = ? AND enabled = 1", (terminal_id,)
        ).fetchone()
        if row is None:
            self._secrets.pop(terminal_id, None)
            return None
        self._secrets[terminal_id] = (str(row[0]), now)
        return str(row[0])
