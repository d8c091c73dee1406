"""What the server-side session check costs per request: the identity read on SQLite.

Run: `.venv/bin/python bench/session_check.py`. Compares, interleaved round by round, the
identity query of a logged-in request (session row + user + memberships in one query) with the
same query without the session row (the user-only query it replaced), and shows the whole
`identify` of a request (query, lifetime checks, building the identity).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

from sqlalchemy import bindparam, select
from starlette.requests import Request

ROUNDS, CALLS = 7, 2000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FACTURO_VAR_DIR"] = tmp
        from core.app import Facturo
        from core.config import Settings
        from core.db.migrate import upgrade
        from core.tenants.models import Membership, Role, Tenant, User
        from core.tenants.service import add_member, create_tenant, create_user
        from core.tenants.sessions import open_session, session_digest
        from core.web.identity import (
            _IDENTITY,
            FINGERPRINT_KEY,
            SESSION_KEY,
            USER_KEY,
            identify,
            password_fingerprint,
        )

        app = Facturo(Settings(database_url=f"sqlite:///{tmp}/bench.db", secret_key="bench"))
        upgrade(app)
        user = create_user(app, "bench@facturo.test", "bench-password")
        for n in range(3):
            add_member(app, create_tenant(app, f"Bench {n}").id, user.id, Role.OWNER)
        with app.db.session() as session:
            key = open_session(session, user.id)
        cookie = {SESSION_KEY: key, USER_KEY: user.id,
                  FINGERPRINT_KEY: password_fingerprint(app, user.password_hash)}
        web = app.web
        user_only = (
            select(User.email, User.name, User.language, User.is_active, User.password_hash,
                   Tenant.id, Tenant.name, Tenant.theme, Membership.role)
            .select_from(User)
            .outerjoin(Membership, Membership.user_id == User.id)
            .outerjoin(Tenant, Tenant.id == Membership.tenant_id)
            .where(User.id == bindparam("user_id"))
            .order_by(Tenant.name, Tenant.id)
        )

        params = {"digest": session_digest(key), "user_id": user.id}

        def whole() -> None:
            request = Request({"type": "http", "session": dict(cookie), "app": web,
                               "state": {}, "headers": []})
            assert identify(request) is not None

        def with_session() -> None:
            with app.db.engine.connect() as connection:
                assert connection.execute(_IDENTITY, params).all()

        def without_session() -> None:
            with app.db.engine.connect() as connection:
                assert connection.execute(user_only, {"user_id": user.id}).all()

        calls = {"session + user": with_session, "user only": without_session,
                 "identify()": whole}
        results: dict[str, list[float]] = {name: [] for name in calls}
        for _ in range(ROUNDS):
            for name, call in calls.items():
                start = time.perf_counter()
                for _ in range(CALLS):
                    call()
                results[name].append((time.perf_counter() - start) / CALLS * 1e6)
        for name, values in results.items():
            print(f"{name:14} median {statistics.median(values):6.1f} µs per request "
                  f"(best {min(values):.1f})")
        app.db.dispose()


if __name__ == "__main__":
    main()
