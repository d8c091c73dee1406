"""Finding contacts: search without accents or case, VAT numbers, kinds, sorting and pages."""

from __future__ import annotations

from core.contacts import service
from core.contacts.listing import list_contacts


def test_search_sort_and_pages(work, be_vat):
    with work() as ctx:
        for i, (name, city) in enumerate([("Café Liègeois", "Liège"), ("Brasserie Élise", "Gent"),
                                           ("Garage Peeters", "Gent"), ("Zeno 100%", "Aalst")]):
            service.create_customer(ctx, {"name": name, "city": city, "vat_number": be_vat(i)})
        service.create_supplier(ctx, {"name": "Groothandel Gent"})
        old = service.create_customer(ctx, {"name": "Archived Gent"})
        service.archive_contact(ctx, old.id)

        def names(**options):
            return [c.name for c in list_contacts(ctx, **options).items]

        assert names(search="liege") == ["Café Liègeois"]
        assert names(search="ELISE") == ["Brasserie Élise"]
        assert names(search="gent") == ["Brasserie Élise", "Garage Peeters", "Groothandel Gent"]
        assert names(search="gent peet") == ["Garage Peeters"]
        assert names(search="100%") == ["Zeno 100%"]
        assert names(search="10_") == []
        assert names(search=be_vat(2)[2:]) == ["Garage Peeters"]
        assert names(search=f"{be_vat(2)[2:5]}.{be_vat(2)[5:8]}.{be_vat(2)[8:]}") == [
            "Garage Peeters"]
        assert names(search="gent", kind="supplier") == ["Groothandel Gent"]
        assert names(search="gent", archived=True) == ["Archived Gent"]
        assert names(search="gent", archived=None, sort="-name") == [
            "Groothandel Gent", "Garage Peeters", "Brasserie Élise", "Archived Gent"]
        assert names(sort="number")[:2] == ["Café Liègeois", "Brasserie Élise"]
        second = list_contacts(ctx, per_page=2, page=2, sort="name")
        assert ([c.name for c in second.items], second.total, second.pages, second.has_next) == (
            ["Garage Peeters", "Groothandel Gent"], 5, 3, True)
        renamed = service.update_contact(ctx, old.id, {"name": "Ölfabrik"})
        assert renamed.search_text.startswith("olfabrik")
