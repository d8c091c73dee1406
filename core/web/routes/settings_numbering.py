"""Settings → Numbering: the pattern of every series with the number it gives next, the start
of the fiscal year, and "continue at number ..." (after paper invoices, say).

The preview is live with htmx (`/settings/numbering/preview` answers one `<output>`); without
JavaScript the Preview button shows the same. Setting the next number asks for confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.context import Context
from core.documents.kinds import available
from core.i18n import N_, _, ngettext
from core.numbering.models import NumberCounter, NumberSequence
from core.numbering.patterns import COUNTER, PatternError, uses_year, validate_pattern
from core.numbering.patterns import render as number_for
from core.numbering.service import (
    DEFAULT_PATTERNS,
    fiscal_year,
    parse_year_start,
    set_next_number,
    set_pattern,
    set_year_start,
)
from core.web.confirm import Confirmation, confirm_page
from core.web.forms import Form, form_data
from core.web.menu import SETTINGS, MenuItem
from core.web.pages import flash, page, redirect, render
from core.web.routes.common import fragment

BASE = "/settings/numbering"
PATTERN_MAX = 63
DEFAULT_YEAR_START = "01-01"
RECORD_SERIES = {"customer": N_("Customers"), "supplier": N_("Suppliers"),
                 "product": N_("Products")}


@dataclass(frozen=True)
class Series:
    """One numbering series as the page shows it."""

    key: str
    label: str
    pattern: str  # as stored (or the default for a series not used yet)
    typed: str  # as in the form
    last: int  # the last counter value given this (fiscal) year
    upcoming: str  # the number the typed pattern gives next, or "" when it is wrong
    error: str

    @property
    def field(self) -> str:
        """The form field of its pattern."""
        return f"pattern.{self.key}"


def menu(ctx: Context) -> list[MenuItem]:
    """The Numbering entry, for administrators."""
    return [MenuItem(_("Numbering"), BASE, icon="hash", order=14, section=SETTINGS,
                     admin_only=True)]


def series_labels(ctx: Context) -> dict[str, str]:
    """Every series of the tenant, key → name: document kinds, records, others in use."""
    labels: dict[str, str] = {}
    for kind in available(ctx):
        labels.setdefault(kind.sequence_key, kind.label(ctx.language))
    for key, label in RECORD_SERIES.items():
        labels.setdefault(key, _(label))
    for key in ctx.session.scalars(select(NumberSequence.key).order_by(NumberSequence.key)):
        labels.setdefault(key, key)
    return labels


def _stored(ctx: Context) -> dict[str, NumberSequence]:
    return {seq.key: seq for seq in ctx.session.scalars(select(NumberSequence))}


def default_pattern(key: str) -> str:
    """The pattern a series gets when it is first used."""
    return DEFAULT_PATTERNS.get(key, key.upper() + "(5)")


def year_start_of(ctx: Context) -> str:
    """The start of the fiscal year (`MM-DD`) the series count in."""
    stored = _stored(ctx)
    seq = stored.get("invoice") or next(iter(stored.values()), None)
    return seq.year_start if seq is not None else DEFAULT_YEAR_START


def pattern_problem(pattern: str) -> str:
    """What is wrong with a pattern, in words; empty when it is fine."""
    if not pattern:
        return _("Enter a pattern.")
    if len(pattern) > PATTERN_MAX:
        return ngettext("Use at most %(count)d character.", "Use at most %(count)d characters.",
                        PATTERN_MAX) % {"count": PATTERN_MAX}
    try:
        validate_pattern(pattern)
    except PatternError:
        if len(COUNTER.findall(pattern)) != 1:
            return _("A pattern needs exactly one counter, such as (4) for four digits.")
        return _("After a % sign only Y (year), y (year in two digits), m (month) or "
                 "another % may follow.")
    return ""


def clean_year_start(text: str) -> str:
    """A fiscal year start as `MM-DD`; `ValueError` with a message when it is not one."""
    try:
        month, day = parse_year_start(text.strip())
    except ValueError:
        raise ValueError(
            _("Write the start of the fiscal year as month-day, such as 01-01 or 07-01.")
        ) from None
    return f"{month:02d}-{day:02d}"


def upcoming(ctx: Context, key: str, pattern: str, on: date, year_start: str) -> tuple[int, str]:
    """(the last counter value, the next number) a series would have with this pattern."""
    seq = ctx.session.scalars(select(NumberSequence).where(NumberSequence.key == key)).first()
    yearly = uses_year(pattern)
    year = fiscal_year(on, year_start) if yearly else 0
    last = 0
    if seq is not None:
        last = ctx.session.scalar(
            select(NumberCounter.last_value).where(
                NumberCounter.sequence_id == seq.id, NumberCounter.fiscal_year == year)
        ) or 0
    return last, number_for(pattern, last + 1, on, year if yearly else None)


def all_series(ctx: Context, typed: dict[str, str] | None = None,
               year_start: str | None = None) -> list[Series]:
    """Every series with its pattern as stored and as typed, and the number it gives next."""
    stored = _stored(ctx)
    start = year_start or year_start_of(ctx)
    today = date.today()
    found = []
    for key, label in series_labels(ctx).items():
        seq = stored.get(key)
        pattern = seq.pattern if seq is not None else default_pattern(key)
        text = (typed or {}).get(key, pattern)
        error = pattern_problem(text)
        last, number = (0, "") if error else upcoming(ctx, key, text, today, start)
        if error and seq is not None:
            last = upcoming(ctx, key, pattern, today, start)[0]
        found.append(Series(key, label, pattern, text, last, number, error))
    return found


def _page(request: Request, ctx: Context, form: Form, series: list[Series],
          status: int = 200) -> Response:
    labels = [(item.key, item.label) for item in series]
    return render(
        request, ctx, "settings/numbering.html",
        {"title": _("Numbering"), "form": form, "series": series, "series_options": labels,
         "base": BASE},
        status_code=status,
    )


@page(admin=True, lock=True)
async def numbering(request: Request, ctx: Context) -> Response:
    """Show the series; save their patterns and the fiscal year start (or preview them)."""
    if request.method != "POST":
        form = Form({"year_start": year_start_of(ctx), "key": "invoice"})
        return _page(request, ctx, form, all_series(ctx))
    values = await form_data(request)
    form = Form({"year_start": values.get("year_start", ""), "key": "invoice"})
    typed = {key: values[f"pattern.{key}"] for key in series_labels(ctx)
             if f"pattern.{key}" in values}
    try:
        start = clean_year_start(form.value("year_start"))
    except ValueError as exc:
        form.add_error("year_start", str(exc))
        start = year_start_of(ctx)
    series = all_series(ctx, typed, start)
    wrong = [item for item in series if item.error]
    if values.get("action") == "preview" or wrong or not form.ok:
        return _page(request, ctx, form, series, 422 if wrong or not form.ok else 200)
    for item in series:
        if item.typed != item.pattern:
            set_pattern(ctx.session, item.key, item.typed)
    if start != year_start_of(ctx):
        for item in series:
            set_year_start(ctx.session, item.key, start)
    flash(request, _("The numbering is saved."), "success")
    return redirect(BASE)


@page(admin=True)
@fragment
async def preview(request: Request, ctx: Context) -> Response:
    """The next number of one series for the pattern being typed (an htmx `<output>`)."""
    params = request.query_params
    labels = series_labels(ctx)
    key = next((name.removeprefix("pattern.") for name in params
                if name.startswith("pattern.")), "")
    if key not in labels:
        raise HTTPException(404)
    try:
        start = clean_year_start(params.get("year_start", ""))
    except ValueError:
        start = year_start_of(ctx)
    item = next(s for s in all_series(ctx, {key: params[f"pattern.{key}"].strip()}, start)
                if s.key == key)
    return render(request, ctx, "settings/_number_preview.html",
                       {"title": _("Numbering"), "item": item})


def _next_value(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and 0 < int(text) < 10**9 else None


def _check_next(ctx: Context, form: Form) -> tuple[Series | None, int | None]:
    series = {item.key: item for item in all_series(ctx)}
    item = series.get(form.value("key"))
    if item is None:
        form.add_error("key", _("Choose one of the series."))
    value = _next_value(form.value("next"))
    if value is None:
        form.add_error("next", _("Enter a whole number of 1 or more."))
    elif item is not None and value <= item.last:
        form.add_error("next", _("Number %(last)d was already given in this series; choose a "
                                 "higher one.") % {"last": item.last})
    return item, value


@page(admin=True, lock=True)
async def next_number(request: Request, ctx: Context) -> Response:
    """Continue a series at a number: GET asks for confirmation, POST does it."""
    posting = request.method == "POST"
    values = await form_data(request) if posting else dict(request.query_params)
    form = Form({"key": values.get("key", ""), "next": values.get("next", ""),
                 "year_start": year_start_of(ctx)})
    if not posting and not form.value("key") and not form.value("next"):
        form.values["key"] = "invoice"
        return _page(request, ctx, form, all_series(ctx))
    item, value = _check_next(ctx, form)
    if not form.ok or item is None or value is None:
        return _page(request, ctx, form, all_series(ctx), 422)
    if posting:
        set_next_number(ctx.session, item.key, value, date.today())
        flash(request, _("The series %(series)s continues at number %(number)s.")
              % {"series": item.label, "number": value}, "success")
        return redirect(BASE)
    shown = upcoming(ctx, item.key, item.pattern, date.today(), year_start_of(ctx))[1]
    number = number_for(item.pattern, value, date.today(), _shown_year(item, ctx))
    return confirm_page(request, ctx, Confirmation(
        title=_("Set the next number"),
        message=_("The next number of the series %(series)s will be %(number)s instead of "
                  "%(current)s.") % {"series": item.label, "number": number, "current": shown},
        action=f"{BASE}/next",
        confirm_label=_("Continue at %(number)s") % {"number": number},
        cancel_url=BASE,
        notes=[_("Numbers already given stay as they are. Later you can only move on to a "
                 "higher number, never back.")],
        fields={"key": item.key, "next": str(value)},
    ))


def _shown_year(item: Series, ctx: Context) -> int | None:
    return fiscal_year(date.today(), year_start_of(ctx)) if uses_year(item.pattern) else None


routes = [
    Route(BASE, numbering, methods=["GET", "POST"], name="numbering"),
    Route(f"{BASE}/preview", preview, name="numbering_preview"),
    Route(f"{BASE}/next", next_number, methods=["GET", "POST"], name="numbering_next"),
]
