"""The full sync: every customer sent to MailChimp through batches (`POST /batches`), polled.

Two phases, because MailChimp runs a batch's operations in no set order: first the members
(an upsert per customer, an archive per member whose customer left), then, once those
batches finished, the tags of the members that exist. `FullSync` keeps the batch ids and
the progress (operations done of the total), which the page and the command line show.
Each step is a short unit of work: `submit` starts batches, `poll` reads them and applies
finished results; `run_full_sync` drives both until the sync is done.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from addons.mailchimp.client import COMPLIANCE as COMPLIANCE_TITLE
from addons.mailchimp.client import MailChimpClient, subscriber_hash
from addons.mailchimp.mapping import Subscriber, member_body, tag_changes
from addons.mailchimp.models import ARCHIVED, COMPLIANCE, FullSync, Member
from addons.mailchimp.subscribers import all_customer_ids, members_by_contact, subscribers
from addons.mailchimp.sync import Account, account, record_member
from core.api import Context, utcnow

BATCH_SIZE = 1000
"""Operations per batch."""
QUEUED, RUNNING, TAGGING, FINISHED, FAILED = "queued", "running", "tagging", "finished", "failed"


def start_sync(ctx: Context, resume: bool = False) -> FullSync:
    """A new full sync, queued; the one already queued if there is one (or, with `resume`,
    the one under way). One under way may have read the customers already, so a sync asked
    for after a change (an import) is a new one."""
    wanted = (QUEUED, RUNNING, TAGGING) if resume else (QUEUED,)
    current = ctx.session.scalar(select(FullSync).where(
        FullSync.state.in_(wanted)).order_by(FullSync.id.desc()).limit(1))
    if current is not None:
        return current
    sync = FullSync(state=QUEUED, batches=[])
    ctx.session.add(sync)
    ctx.session.flush()
    return sync


def latest_sync(ctx: Context) -> FullSync | None:
    """The tenant's most recent full sync."""
    return ctx.session.scalar(select(FullSync).order_by(FullSync.id.desc()).limit(1))


def _member_ops(ctx: Context, acct: Account) -> list[dict[str, Any]]:
    known = members_by_contact(ctx)
    ops: list[dict[str, Any]] = []
    present: set[int] = set()
    addresses: set[str] = set()
    base = f"/lists/{acct.audience}/members"
    for ids in all_customer_ids(ctx):
        for sub in subscribers(ctx, ids).values():
            present.add(sub.contact_id)
            addresses.add(sub.email)
            member = next((m for m in known.get(sub.contact_id, [])
                           if m.list_id == acct.audience), None)
            if member is not None and member.status == COMPLIANCE and member.email == sub.email:
                continue
            moving = member is not None and member.email != sub.email \
                and member.status != ARCHIVED
            key = member.subscriber_hash if moving else sub.key
            ops.append({"method": "PUT", "path": f"{base}/{key}",
                        "operation_id": f"m:{sub.contact_id}",
                        "body": json.dumps(member_body(sub, acct.double_opt_in))})
    for contact_id, members in known.items():
        for member in members:
            if contact_id in present or member.status in (ARCHIVED, COMPLIANCE) \
                    or member.list_id != acct.audience:
                continue
            if member.email in addresses:  # another customer has the address: theirs too
                member.status = ARCHIVED
                continue
            ops.append({"method": "DELETE", "path": f"{base}/{member.subscriber_hash}",
                        "operation_id": f"a:{member.id}"})
    return ops


def _tag_ops(ctx: Context, acct: Account) -> list[dict[str, Any]]:
    ops = []
    members = {m.contact_id: m for m in ctx.session.scalars(select(Member).where(
        Member.list_id == acct.audience, Member.status.not_in((ARCHIVED, COMPLIANCE))))}
    for ids in all_customer_ids(ctx):
        for sub in subscribers(ctx, [i for i in ids if i in members]).values():
            changes = tag_changes(sub.tags, list(members[sub.contact_id].tags))
            if changes:
                ops.append({"method": "POST",
                            "path": f"/lists/{acct.audience}/members/{sub.key}/tags",
                            "operation_id": f"t:{sub.contact_id}",
                            "body": json.dumps({"tags": changes})})
    return ops


def _send(client: MailChimpClient, sync: FullSync, ops: list[dict[str, Any]]) -> None:
    batches = list(sync.batches)
    for start in range(0, len(ops), BATCH_SIZE):
        chunk = ops[start:start + BATCH_SIZE]
        reply = client.start_batch(chunk)
        batches.append({"id": reply["id"], "size": len(chunk), "done": 0, "finished": False})
    sync.batches = batches
    sync.total += len(ops)


def submit(ctx: Context, sync: FullSync, client: MailChimpClient) -> None:
    """Start the member batches of a queued sync."""
    acct = account(ctx)
    if acct is None:
        sync.state, sync.error, sync.finished_at = FAILED, "not configured", utcnow()
        return
    _send(client, sync, _member_ops(ctx, acct))
    sync.state = RUNNING
    if not sync.batches:
        sync.state, sync.finished_at = FINISHED, utcnow()


def _apply(ctx: Context, acct: Account, results: list[dict[str, Any]]) -> int:
    """Record finished operations on the members; the number that failed."""
    failed = 0
    wanted = [int(r["operation_id"][2:]) for r in results if r["operation_id"][:2] == "m:"]
    subs = subscribers(ctx, wanted)
    members = {m.contact_id: m for m in ctx.session.scalars(
        select(Member).where(Member.contact_id.in_(wanted)))} if wanted else {}
    for result in results:
        kind, ident = result["operation_id"].split(":", 1)
        status = int(result["status_code"])
        reply = json.loads(result.get("response") or "null") or {}
        if kind == "a":
            member = ctx.session.get(Member, int(ident))
            if member is not None and status in (200, 204, 404):
                member.status, member.synced_at = ARCHIVED, utcnow()
            elif status not in (200, 204, 404):
                failed += 1
            continue
        sub: Subscriber | None = subs.get(int(ident))
        if kind == "t":
            member = members.get(int(ident)) or ctx.session.scalar(
                select(Member).where(Member.contact_id == int(ident)))
            if status < 300 and member is not None and sub is not None:
                member.tags = list(sub.tags)
            elif status >= 300:
                failed += 1
            continue
        if sub is None:
            continue
        member = members.get(sub.contact_id)
        if status < 300:
            member = record_member(ctx, member, sub, acct.audience, str(reply.get("status")),
                                   tags=None if member is not None else [])
            member.subscriber_hash = subscriber_hash(str(reply.get("email_address", sub.email)))
        elif reply.get("title") == COMPLIANCE_TITLE:
            record_member(ctx, member, sub, acct.audience, COMPLIANCE, str(reply.get("detail")))
        else:
            failed += 1
    return failed


def poll(ctx: Context, sync: FullSync, client: MailChimpClient) -> bool:
    """Read the sync's unfinished batches, apply finished results, start the tag phase when
    the members are in; True once the whole sync is finished."""
    acct = account(ctx)
    if acct is None or sync.state not in (RUNNING, TAGGING):
        return sync.state in (FINISHED, FAILED)
    batches = [dict(b) for b in sync.batches]
    for batch in batches:
        if batch["finished"]:
            continue
        state = client.batch(batch["id"])
        batch["done"] = int(state.get("finished_operations", 0))
        if state.get("status") == "finished":
            results = list(client.batch_results(state["response_body_url"]))
            sync.failed += _apply(ctx, acct, results)
            batch["finished"], batch["done"] = True, batch["size"]
    sync.batches = batches
    sync.done = sum(b["done"] for b in batches)
    if not all(b["finished"] for b in batches):
        return False
    ctx.session.flush()
    if sync.state == RUNNING:
        sync.state = TAGGING
        _send(client, sync, _tag_ops(ctx, acct))
        if not all(b["finished"] for b in sync.batches):
            return False
    sync.state, sync.finished_at = FINISHED, utcnow()
    return True


def run_full_sync(app: Any, tenant_id: int, *, pause: float = 1.0,
                  on_progress: Callable[[FullSync], None] | None = None,
                  client: MailChimpClient | None = None) -> int:
    """Start (or resume) a full sync and drive it to its end; the sync's id."""
    with app.tenant_context(tenant_id) as ctx:
        acct = account(ctx)
        sync = start_sync(ctx, resume=True)
        sync_id = sync.id
    if acct is None:
        with app.tenant_context(tenant_id) as ctx:
            submit(ctx, ctx.session.get(FullSync, sync_id), client)  # records "not configured"
        return sync_id
    own = client is None
    client = client or acct.client()
    try:
        with app.tenant_context(tenant_id) as ctx:
            sync = ctx.session.get(FullSync, sync_id)
            if sync.state == QUEUED:
                submit(ctx, sync, client)
        while True:
            with app.tenant_context(tenant_id) as ctx:
                sync = ctx.session.get(FullSync, sync_id)
                finished = poll(ctx, sync, client)
                if on_progress is not None:
                    on_progress(sync)
            if finished:
                return sync_id
            time.sleep(pause)
    finally:
        if own:
            client.close()
