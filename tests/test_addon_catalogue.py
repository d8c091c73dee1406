"""Discovery and validation of installed addons: one broken addon never stops the others."""

from __future__ import annotations

import logging

from sample_support import GOOD_SAMPLES, sample_catalogue

from core.addons.catalogue import Catalogue
from core.addons.errors import AddonLoadError, DependencyError, ManifestError


def test_third_party_package_is_discovered_through_its_entry_point():
    catalogue = Catalogue.load()
    assert "greetings" in catalogue
    greetings = catalogue.get("greetings")
    assert greetings.source.distribution == "facturo-greetings"
    assert greetings.manifest.label("nl") == "Begroetingen"
    assert greetings.manifest.label("de") == "Greetings"
    assert greetings.folder("migrations") is not None


def test_good_samples_load_in_dependency_order():
    catalogue = sample_catalogue(*GOOD_SAMPLES)
    assert catalogue.errors == []
    order = catalogue.order
    assert order.index("sample_base") < order.index("sample_child") < order.index(
        "sample_grandchild"
    )
    assert order.index("sample_other") < order.index("sample_glue")


def test_broken_manifest_names_the_addon_and_the_others_still_load(caplog):
    with caplog.at_level(logging.ERROR):
        catalogue = sample_catalogue("sample_bad_manifest", "sample_other")
    assert list(catalogue.addons) == ["sample_other"]
    [error] = catalogue.errors
    assert isinstance(error, ManifestError)
    assert error.addon_id == "sample_bad_manifest"
    assert "lacks summary, category, license, author" in str(error)
    assert "sample_bad_manifest" in caplog.text


def test_import_error_names_the_addon_and_the_others_still_load():
    catalogue = sample_catalogue("sample_import_error", "sample_base")
    assert list(catalogue.addons) == ["sample_base"]
    [error] = catalogue.errors
    assert isinstance(error, AddonLoadError)
    assert error.addon_id == "sample_import_error"
    assert "ModuleNotFoundError" in str(error) and "this_module_does_not_exist" in str(error)


def test_cycle_and_missing_dependency_are_reported():
    catalogue = sample_catalogue("sample_cycle_a", "sample_cycle_b", "sample_missing_dep",
                                 "sample_other")
    assert list(catalogue.addons) == ["sample_other"]
    by_addon = {e.addon_id: str(e) for e in catalogue.errors}
    assert all(isinstance(e, DependencyError) for e in catalogue.errors)
    assert "dependency cycle" in by_addon["sample_cycle_a"]
    assert "dependency cycle" in by_addon["sample_cycle_b"]
    assert "'not_installed', which is not installed" in by_addon["sample_missing_dep"]


def test_dependents_of_a_broken_addon_are_left_out():
    catalogue = sample_catalogue("sample_child", "sample_other")  # sample_base missing
    assert list(catalogue.addons) == ["sample_other"]
    assert catalogue.errors[0].addon_id == "sample_child"


def test_the_application_starts_with_a_broken_addon_installed(make_sample_app):
    app = make_sample_app("sample_import_error", "sample_bad_manifest", "sample_base")
    from core.tenants.service import create_tenant

    tenant = create_tenant(app, "Still works")
    app.addon_manager.switch_on(tenant.id, "sample_base")
    with app.tenant_context(tenant.id) as ctx:
        assert ctx.active == {"sample_base"}
