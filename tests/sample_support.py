"""The sample addons under tests/sample_addons, loaded into a catalogue for runtime tests."""

from __future__ import annotations

from core.addons.catalogue import Catalogue
from core.addons.discovery import locate
from core.addons.errors import AddonLoadError

GOOD_SAMPLES = ("sample_base", "sample_child", "sample_grandchild", "sample_other", "sample_glue")


def sample_catalogue(*names: str) -> Catalogue:
    """A catalogue of the sample addons under tests/sample_addons."""
    sources = []
    for name in names:
        try:
            sources.append(locate(name, name))
        except AddonLoadError as exc:
            sources.append(exc)
    return Catalogue.load(sources)
