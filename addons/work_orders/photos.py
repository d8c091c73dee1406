"""Photos of the site, taken with a phone's camera: size-capped, kept small, shown as
thumbnails on the order's page and its PDF.

An upload larger than `MAX_PHOTO_BYTES` or of more than `MAX_PIXELS` is refused; a photo
is turned upright (its EXIF orientation), stored as a JPEG of at most `MAX_SIDE` pixels
(which also drops its EXIF data, GPS position included) with a thumbnail of `THUMB_SIDE`.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from addons.work_orders.models import WorkOrder, WorkOrderPhoto
from addons.work_orders.service import WorkOrderError, load_order
from addons.work_orders.translation import N_, _
from core.api import flash, in_worker, owned, page, redirect

if TYPE_CHECKING:
    from core.api import Context

MAX_PHOTO_BYTES = 12 * 1024 * 1024
MAX_PIXELS = 50_000_000
MAX_SIDE = 1600
THUMB_SIDE = 240
MSG_TOO_BIG = N_("A photo can be at most %(mb)d MB.")
MSG_NOT_IMAGE = N_("This file is not a photo (JPEG, PNG, WebP or HEIF).")
MSG_LOCKED = N_("Photos cannot be added to a signed or invoiced work order.")


def _jpeg(image: Image.Image, side: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((side, side))
    out = io.BytesIO()
    copy.convert("RGB").save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()


def shrink(data: bytes) -> tuple[bytes, bytes]:
    """(the photo, its thumbnail) as JPEGs, upright; `WorkOrderError` when not a photo."""
    if len(data) > MAX_PHOTO_BYTES:
        raise WorkOrderError(_(MSG_TOO_BIG) % {"mb": MAX_PHOTO_BYTES // (1024 * 1024)})
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise WorkOrderError(_(MSG_NOT_IMAGE))
            upright = ImageOps.exif_transpose(image)
            return _jpeg(upright, MAX_SIDE), _jpeg(upright, THUMB_SIDE)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise WorkOrderError(_(MSG_NOT_IMAGE)) from None


def add_photo(ctx: Context, order: WorkOrder | int, filename: str, photo: bytes,
              thumbnail: bytes) -> WorkOrderPhoto:
    """Keep a shrunk photo with the order."""
    found = load_order(ctx, order)
    if found.locked:
        raise WorkOrderError(_(MSG_LOCKED))
    row = WorkOrderPhoto(order_id=found.id, filename=filename[:200], content_type="image/jpeg",
                         data=photo, thumbnail=thumbnail)
    ctx.session.add(row)
    ctx.session.flush()
    return row


def thumbnails(ctx: Context, order_id: int) -> list[bytes]:
    """The thumbnails of an order's photos, oldest first."""
    return list(ctx.session.scalars(select(WorkOrderPhoto.thumbnail).where(
        WorkOrderPhoto.order_id == order_id).order_by(WorkOrderPhoto.id)))


@page()
async def upload(request: Request, ctx: Context) -> Response:
    """Add a photo (the form's `photo` file, from the phone's camera)."""
    order = owned(ctx, WorkOrder, request.path_params["order_id"])
    form = await request.form()
    upload_file = form.get("photo")
    try:
        if upload_file is None or isinstance(upload_file, str):
            raise WorkOrderError(_(MSG_NOT_IMAGE))
        data = await upload_file.read(MAX_PHOTO_BYTES + 1)
        photo, thumb = await in_worker(shrink, data)
        add_photo(ctx, order, upload_file.filename or "", photo, thumb)
    except WorkOrderError as exc:
        flash(request, str(exc), "error")
    else:
        flash(request, _("The photo is added."), "success")
    return redirect(f"/apps/work_orders/{order.id}", request)


@page()
async def image(request: Request, ctx: Context) -> Response:
    """A photo (`/thumb` for its thumbnail) of one of the tenant's orders."""
    order = owned(ctx, WorkOrder, request.path_params["order_id"])
    row = owned(ctx, WorkOrderPhoto, request.path_params["photo_id"])
    if row.order_id != order.id:
        raise HTTPException(404)
    data = row.thumbnail if request.path_params.get("size") == "thumb" else row.data
    return Response(data, media_type=row.content_type,
                    headers={"Cache-Control": "private, max-age=86400"})


def routes() -> list[Route]:
    """The photo routes."""
    photo = "/{order_id:int}/photos/{photo_id:int}"
    return [
        Route("/{order_id:int}/photos", upload, methods=["POST"], name="work_order_photos"),
        Route(photo, image, name="work_order_photo"),
        Route(photo + "/{size:str}", image, name="work_order_photo_size"),
    ]
