"""The customer's signature: strokes on a canvas saved as a PNG, with name, time and IP.

A customer signs on the employee's tablet or phone, or through a link sent by e-mail. The
link carries a token signed with the deployment's secret (tenant, order and a random
nonce); the database keeps the nonce's SHA-256 with an expiry and the moment it was used,
so a link works once and only until it expires. A signed order is locked; an administrator
can unlock it (audit-logged), which clears the signature.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from itsdangerous import BadSignature, URLSafeTimedSerializer
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from addons.work_orders.models import OrderState, SigningLink, WorkOrder
from addons.work_orders.service import WorkOrderError, book_materials, load_order, state_label
from addons.work_orders.translation import N_, _
from core.api import record_audit, utcnow

if TYPE_CHECKING:
    from core.api import Context

ADDON = "work_orders"
SALT = "work_orders.signing-link"
MAX_SIGNATURE_BYTES = 512 * 1024
DATA_URL_PREFIX = "data:image/png;base64,"

MSG_NO_NAME = N_("Type the name of the person who signs.")
MSG_NO_STROKES = N_("Sign in the box first.")
MSG_BAD_IMAGE = N_("The signature could not be read; sign again.")
MSG_TOO_BIG = N_("The signature is too large.")
MSG_CANNOT_SIGN = N_("A work order that is %(state)s cannot be signed.")
MSG_NOT_SIGNED = N_("Only a signed work order can be unlocked.")
MSG_LINK_INVALID = N_("This signing link is not valid.")
MSG_LINK_USED = N_("This signing link was already used.")
MSG_LINK_EXPIRED = N_("This signing link has expired.")


class LinkRefused(WorkOrderError):
    """A signing link that does not work (forged, used, expired); `str()` says which."""


@dataclass(frozen=True)
class LinkToken:
    """What a signing link's token says: the tenant, the order and its nonce."""

    tenant_id: int
    order_id: int
    nonce: str


def now() -> datetime:
    """Now, in UTC without a time zone (how the signing columns keep moments)."""
    return utcnow().replace(tzinfo=None)


def signature_png(data_url: str) -> bytes:
    """The PNG bytes of a canvas's `toDataURL()`; refused when it is not a PNG, too large,
    or blank (nothing was drawn)."""
    if not data_url.startswith(DATA_URL_PREFIX):
        raise WorkOrderError(_(MSG_NO_STROKES))
    encoded = data_url[len(DATA_URL_PREFIX):]
    if len(encoded) > MAX_SIGNATURE_BYTES * 4 // 3 + 4:
        raise WorkOrderError(_(MSG_TOO_BIG))
    try:
        png = base64.b64decode(encoded, validate=True)
        with Image.open(io.BytesIO(png)) as image:
            if image.format != "PNG":
                raise WorkOrderError(_(MSG_BAD_IMAGE))
            drawn = image.convert("RGBA").getchannel("A").getbbox()
    except (binascii.Error, UnidentifiedImageError, OSError):
        raise WorkOrderError(_(MSG_BAD_IMAGE)) from None
    if drawn is None:
        raise WorkOrderError(_(MSG_NO_STROKES))
    return png


def sign(ctx: Context, order: WorkOrder | int, *, name: str, png: bytes, ip: str) -> WorkOrder:
    """The customer signed the order: it is locked with the signature, name, time and IP."""
    found = load_order(ctx, order)
    if found.state not in (OrderState.IN_PROGRESS, OrderState.DONE):
        raise WorkOrderError(_(MSG_CANNOT_SIGN) % {"state": state_label(found.state)})
    if not name.strip():
        raise WorkOrderError(_(MSG_NO_NAME))
    found.signer_name = name.strip()[:200]
    found.signer_ip = ip[:45]
    found.signed_at = now()
    found.signature_png = png
    found.state = OrderState.SIGNED
    book_materials(ctx, found, True)
    ctx.session.flush()
    return found


def unlock(ctx: Context, order: WorkOrder | int) -> WorkOrder:
    """An administrator opens a signed order again: the signature is cleared (the audit
    trail keeps who signed and when) and the materials are given back until it is done."""
    found = load_order(ctx, order)
    if found.state != OrderState.SIGNED:
        raise WorkOrderError(_(MSG_NOT_SIGNED))
    record_audit(ctx, "work_order.unlocked", "work_order", found.id, {
        "signer_name": found.signer_name, "signer_ip": found.signer_ip,
        "signed_at": found.signed_at.isoformat() if found.signed_at else None,
    })
    found.signer_name = found.signer_ip = found.signed_at = found.signature_png = None
    found.state = OrderState.IN_PROGRESS
    book_materials(ctx, found, False)
    ctx.session.flush()
    return found


def _serializer(ctx: Context) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(ctx.app.settings.secret_key, salt=SALT)


def _digest(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def make_link_token(ctx: Context, order: WorkOrder | int) -> str:
    """A new signing token for the order, valid for the tenant's number of days."""
    found = load_order(ctx, order)
    if found.state not in (OrderState.IN_PROGRESS, OrderState.DONE):
        raise WorkOrderError(_(MSG_CANNOT_SIGN) % {"state": state_label(found.state)})
    nonce = secrets.token_urlsafe(24)
    days = ctx.addon_settings(ADDON)["signing_link_days"]
    ctx.session.add(SigningLink(order_id=found.id, nonce_hash=_digest(nonce),
                                expires_at=now() + timedelta(days=days)))
    ctx.session.flush()
    return _serializer(ctx).dumps({"t": ctx.tenant_id, "o": found.id, "n": nonce})


def read_link_token(secret_key: str, token: str, max_days: int = 366) -> LinkToken:
    """What a token says, once its signature is checked (no database needed)."""
    serializer = URLSafeTimedSerializer(secret_key, salt=SALT)
    try:
        data = serializer.loads(token, max_age=max_days * 86400)
        return LinkToken(int(data["t"]), int(data["o"]), str(data["n"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        raise LinkRefused(_(MSG_LINK_INVALID)) from None


def open_link(ctx: Context, token: LinkToken) -> tuple[WorkOrder, SigningLink]:
    """The order and link row of a token read for this tenant; refused when used or
    expired."""
    link = ctx.session.scalars(select(SigningLink).where(
        SigningLink.nonce_hash == _digest(token.nonce),
        SigningLink.order_id == token.order_id)).first()
    if link is None or token.tenant_id != ctx.tenant_id:
        raise LinkRefused(_(MSG_LINK_INVALID))
    if link.used_at is not None:
        raise LinkRefused(_(MSG_LINK_USED))
    if link.expires_at <= now():
        raise LinkRefused(_(MSG_LINK_EXPIRED))
    return load_order(ctx, link.order_id), link


def sign_by_link(ctx: Context, token: LinkToken, *, name: str, png: bytes,
                 ip: str) -> WorkOrder:
    """The customer signed through the link: the order is signed and the link used up."""
    order, link = open_link(ctx, token)
    signed = sign(ctx, order, name=name, png=png, ip=ip)
    link.used_at = now()
    ctx.session.flush()
    return signed
