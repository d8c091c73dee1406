"""The invoice editor in Chromium, in Dutch and French, on a laptop (1366 px) and a phone
(390 px): the header saves as it changes and posting uses what is on screen; lines are typed
in place (Tab, Enter), found by product search in the description cell, moved by keys; the
grid's headers sit above their fields; units read by name; the VAT table reads "21 %"; no
console error (a CSP violation) during the swaps; leaving with unsaved input asks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from core.i18n import gettext
from core.tenants.models import Role
from core.testing.plugin import TEST_PASSWORD

pytestmark = [pytest.mark.sqlite_only, pytest.mark.browser]

WIDTHS = {"laptop": 1366, "phone": 390}
SCREENS = [(language, width) for language in ("nl", "fr") for width in WIDTHS]


def _open_draft(facturo_app: Any, make_tenant: Any, make_user: Any, serve: Any, page: Any,
                language: str, width: str) -> tuple[str, Any]:
    """A tenant with a customer and a product; the user logged in, on a new draft invoice."""
    from playwright.sync_api import expect

    from addons.products.service import create_product
    from core.contacts.service import create_customer
    from core.documents.service import create_document

    tenant = make_tenant("Winkel Janssens", addons=("products",))
    user = make_user(tenant, Role.OWNER, language=language)
    with facturo_app.tenant_context(tenant.id) as ctx:
        customer = create_customer(ctx, {"name": "Bakkerij Peeters", "language": language}).id
        create_product(ctx, {"name": "Keukenkast", "sale_price": Decimal(450),
                             "vat_rate": Decimal(21), "unit": "C62"})
        doc_id = create_document(ctx, "invoice", customer, language=language).id
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    base = serve(facturo_app)
    page.goto(base + "/login")
    page.locator("input[name=email]").fill(user.email)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("button.primary[type=submit]").click()
    expect(page.locator("main h1")).to_be_visible()  # logged in (the menu folds on a phone)
    page.goto(f"{base}/documents/{doc_id}")
    return f"{base}/documents/{doc_id}", expect


def _settled(page: Any, expect: Any) -> None:
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")) \
        .to_have_count(0)


def _t(language: str, message: str, **values: object) -> str:
    text = gettext(message, language)
    return text % values if values else text


@pytest.mark.parametrize(("language", "width"), SCREENS)
def test_header_changes_are_kept_when_posting(facturo_app, make_tenant, make_user, serve,
                                              page, language, width):
    """The term and notes typed without any save click reach the confirm page and the draft."""
    url, expect = _open_draft(facturo_app, make_tenant, make_user, serve, page, language,
                              width)
    page.locator("#f-payment_term_days").fill("14")
    page.locator("#f-notes").fill("Levering aan de achterdeur")
    page.get_by_role("button", name=_t(language, "Post"), exact=True).first.click()
    expect(page).to_have_url(f"{url}/post")
    page.goto(url)
    expect(page.locator("#f-payment_term_days")).to_have_value("14")
    expect(page.locator("#f-notes")).to_have_value("Levering aan de achterdeur")


@pytest.mark.parametrize(("language", "width"), SCREENS)
def test_header_saves_as_it_changes_and_shows_errors(facturo_app, make_tenant, make_user,
                                                     serve, page, language, width):
    url, expect = _open_draft(facturo_app, make_tenant, make_user, serve, page, language,
                              width)
    page.locator("#f-payment_term_days").fill("14")
    page.locator("#f-payment_term_days").press("Tab")
    expect(page.locator("#header-status")).to_have_text(_t(language, "Saved"))
    page.locator("#f-payment_term_days").fill("veertien")
    page.locator("#f-payment_term_days").press("Tab")
    expect(page.locator("#f-payment_term_days-error")).to_have_text(
        _t(language, "A payment term is a number of days, 0 or more."))
    # leaving with input the server refused asks first
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    from playwright.sync_api import Error

    page.on("dialog", answer)
    with pytest.raises(Error, match="ERR_ABORTED"):  # the dismissed question stops it
        page.goto(url + "/..")
    assert asked == ["beforeunload"]
    expect(page).to_have_url(url)
    page.locator("#f-payment_term_days").fill("20")
    page.locator("#f-payment_term_days").press("Tab")
    expect(page.locator("#header-status")).to_have_text(_t(language, "Saved"))
    expect(page.locator("#f-payment_term_days-error")).to_have_count(0)
    page.reload()
    expect(page.locator("#f-payment_term_days")).to_have_value("20")
    assert asked == ["beforeunload"]  # nothing unsaved: no question


@pytest.mark.parametrize(("language", "width"), SCREENS)
def test_lines_typed_in_place(facturo_app, make_tenant, make_user, serve, page, language,
                              width):
    _url, expect = _open_draft(facturo_app, make_tenant, make_user, serve, page, language,
                              width)
    # a line typed in place: Tab through the cells, Enter adds it and opens the next one
    page.locator("#new-description").click()
    page.keyboard.type("Plaatsing")
    for text in ("3", None, "45"):
        page.keyboard.press("Tab")
        if text is not None:
            page.keyboard.press("Control+A")
            page.keyboard.type(text)
    page.keyboard.press("Enter")
    rows = page.locator("form.line:not(.new-line)")
    expect(rows).to_have_count(1)
    expect(page.locator("#new-description")).to_be_focused()
    expect(page.locator("#new-description")).to_have_value("")
    # the product search in the same cell
    page.keyboard.type("kast", delay=30)
    page.get_by_role("button", name="Keukenkast").click()
    expect(rows).to_have_count(2)
    expect(rows.nth(1).locator("textarea")).to_have_value("Keukenkast")
    # units by name, the VAT table without its category code
    unit = "stuk" if language == "nl" else "pièce"
    expect(rows.nth(1).locator("input[name=unit]")).to_have_value(unit)
    expect(page.locator("#totals table")).to_contain_text("21 %")
    expect(page.locator("#totals table")).not_to_contain_text("(S)")
    # reorder by keys: Alt+ArrowUp on the second line, without waiting for any swap
    rows.nth(1).locator("input[name=quantity]").focus()
    page.keyboard.press("Alt+ArrowUp")
    expect(rows.nth(0).locator("textarea")).to_have_value("Keukenkast")
    expect(rows.nth(0).locator("input[name=quantity]")).to_be_focused()
    # a changed quantity saves with Tab and the totals follow
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    expect(page.locator("#total-excl")).to_contain_text("1.035" if language == "nl"
                                                        else "1\u202f035")
    _settled(page, expect)
    page.reload()
    expect(rows.nth(0).locator("input[name=quantity]")).to_have_value("2")


@pytest.mark.parametrize(("language", "width"), SCREENS)
def test_grid_headers_line_up_with_their_fields(facturo_app, make_tenant, make_user, serve,
                                                page, language, width):
    _url, expect = _open_draft(facturo_app, make_tenant, make_user, serve, page, language,
                              width)
    page.locator("#new-description").fill("Werk")
    page.locator("#new-description").press("Enter")
    row = page.locator("form.line:not(.new-line)").first
    expect(row).to_be_visible()
    for name in ("quantity", "unit", "unit_price", "discount_percent", "vat_rate"):
        field = row.locator(f"[name={name}]").bounding_box()
        if width == "laptop":
            head = page.locator(f".line-head [data-column={name}]").bounding_box()
            assert abs(head["x"] - field["x"]) < 2, name
            assert head["y"] < field["y"], name
        else:  # a card per line: each field carries its own visible label above it
            label = row.locator(f"label[for$='-{name}']").bounding_box()
            assert label is not None and label["height"] > 8, name
            assert abs(label["x"] - field["x"]) < 2 and label["y"] < field["y"], name
            assert field["x"] + field["width"] <= WIDTHS["phone"], name
    if width == "phone":  # nothing sticks out sideways: no horizontal scrolling
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS["phone"]


@pytest.mark.parametrize(("language", "width"), [("nl", "laptop"), ("fr", "laptop")])
def test_lines_reorder_by_drag(facturo_app, make_tenant, make_user, serve, page, language,
                               width):
    """On a laptop; on a phone the ↑ and ↓ buttons of each card move it."""
    _url, expect = _open_draft(facturo_app, make_tenant, make_user, serve, page, language,
                               width)
    rows = page.locator("form.line:not(.new-line)")
    for text in ("Eerste", "Tweede", "Derde"):
        page.locator("#new-description").fill(text)
        page.locator("#new-description").press("Enter")
        expect(rows.last.locator("textarea")).to_have_value(text)
        _settled(page, expect)
    rows.nth(2).locator(".drag-handle").drag_to(rows.nth(0))
    expect(rows.nth(0).locator("textarea")).to_have_value("Derde")
    expect(rows.nth(1).locator("textarea")).to_have_value("Eerste")
    # two moves by keys, the second asked for before the first one's answer is in
    _settled(page, expect)
    held = _hold(page, "**/lines/*/move")
    moves: list[str] = []
    page.on("request", lambda request: moves.append(request.url)
            if request.url.endswith("/move") else None)
    rows.nth(2).locator("input[name=quantity]").focus()
    page.keyboard.press("Alt+ArrowUp")
    answer = _answer_late(page, held)
    page.keyboard.press("Alt+ArrowUp")
    page.wait_for_timeout(100)
    assert len(moves) == 1  # the second move waits for the first one's answer
    held[0].fulfill(response=answer)
    expect(rows.nth(0).locator("textarea")).to_have_value("Tweede")
    expect(rows.nth(1).locator("textarea")).to_have_value("Derde")
    expect(rows.nth(0).locator("input[name=quantity]")).to_be_focused()


@pytest.mark.parametrize(("language", "width"), [("nl", "laptop"), ("fr", "phone")])
def test_typing_during_a_save_is_not_lost(facturo_app, make_tenant, make_user, serve, page,
                                          language, width):
    """A slow answer to one cell's save does not wipe what is typed in the next cell, whether
    the cursor is still in it or has left it."""
    _url, expect = _open_draft(facturo_app, make_tenant, make_user, serve, page, language,
                              width)
    page.locator("#new-description").fill("Zand")
    page.locator("#new-description").press("Enter")
    row = page.locator("form.line:not(.new-line)").first
    expect(row).to_be_visible()
    _settled(page, expect)
    held: list[Any] = []
    page.route("**/documents/*/lines/*", lambda route: held.append(route))
    row.locator("input[name=quantity]").fill("3")
    row.locator("input[name=quantity]").press("Tab")
    page.wait_for_timeout(200)
    assert len(held) == 1  # the quantity's save waits on the way
    page.keyboard.press("Control+A")
    page.keyboard.type("kg")
    if width == "phone":  # the cursor leaves the unit before the first save has answered
        page.keyboard.press("Tab")
    held[0].continue_()
    page.unroute("**/documents/*/lines/*")
    expect(row.locator("input[name=quantity]")).to_have_value("3")
    expect(row.locator("input[name=unit]")).to_have_value("kg")
    page.keyboard.press("Tab")
    _settled(page, expect)
    page.reload()
    expect(row.locator("input[name=unit]")).to_have_value("kg")
    expect(row.locator("input[name=quantity]")).to_have_value("3")


def _hold(page: Any, pattern: str) -> list[Any]:
    """Hold the browser's first request to `pattern` (its answer comes when the test says);
    later ones go through."""
    held: list[Any] = []

    def handle(route: Any) -> None:
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route(pattern, handle)
    return held


def _answer_late(page: Any, held: list[Any]) -> Any:
    """The server answers the held request now; the browser gets the answer later."""
    while not held:
        page.wait_for_timeout(10)
    return held[0].fetch()


@pytest.mark.parametrize(("language", "width"), [("nl", "laptop"), ("fr", "phone")])
def test_typing_while_lines_are_added_or_moved_is_kept(facturo_app, make_tenant, make_user,
                                                       serve, page, language, width):
    """Values typed into a line right after adding or moving a line, before that answer is
    swapped in, stay on screen (the cursor where it was) and are saved."""
    url, expect = _open_draft(facturo_app, make_tenant, make_user, serve, page, language,
                              width)
    rows = page.locator("form.line:not(.new-line)")
    for text in ("Eerste", "Tweede"):
        page.locator("#new-description").fill(text)
        page.locator("#new-description").press("Enter")
        expect(rows.last.locator("textarea")).to_have_value(text)
        _settled(page, expect)
    first = page.locator("form.line", has=page.locator("textarea", has_text="Eerste"))
    quantity, price = first.locator("input[name=quantity]"), first.locator("input[name=unit_price]")

    # a move: "Tweede" goes up; while its answer is on the way, "Eerste" gets a quantity
    # (saved by leaving the cell) and a price (the cursor still in it)
    held = _hold(page, "**/lines/*/move")
    rows.nth(1).get_by_role("button", name=_t(language, "Move line %(number)d up", number=2)) \
        .click()
    answer = _answer_late(page, held)
    quantity.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    page.keyboard.press("Tab")  # to the unit
    page.keyboard.press("Tab")  # to the price
    page.keyboard.press("Control+A")
    page.keyboard.type("12,5")
    page.keyboard.press("ArrowLeft")
    held[0].fulfill(response=answer)
    page.unroute("**/lines/*/move")
    expect(rows.nth(0).locator("textarea")).to_have_value("Tweede")
    expect(quantity).to_have_value("3")
    expect(price).to_have_value("12,5")
    expect(price).to_be_focused()
    page.keyboard.type("0")  # the cursor stayed before the last digit
    expect(price).to_have_value("12,05")
    page.keyboard.press("Tab")
    expect(page.locator("#total-excl")).to_contain_text("36,15")

    # an added line: while its answer is on the way, the quantity changes again
    _settled(page, expect)
    held = _hold(page, "**/documents/*/lines")
    page.locator("#new-description").fill("Derde")
    page.locator("#new-description").press("Enter")
    answer = _answer_late(page, held)
    page.keyboard.type("kast", delay=30)  # the next line, in the same cell: a product
    quantity.fill("4")
    quantity.press("Tab")
    held[0].fulfill(response=answer)
    page.unroute("**/documents/*/lines")
    expect(rows).to_have_count(3)
    expect(rows.nth(2).locator("textarea")).to_have_value("Derde")
    expect(page.locator("#new-description")).to_have_value("kast")
    expect(page.get_by_role("button", name="Keukenkast")).to_be_visible()  # searched again
    expect(quantity).to_have_value("4")
    expect(page.locator("#total-excl")).to_contain_text("48,20")
    _settled(page, expect)
    page.goto(url)
    expect(rows.nth(0).locator("textarea")).to_have_value("Tweede")
    expect(quantity).to_have_value("4")
    expect(price).to_have_value("12,05")
