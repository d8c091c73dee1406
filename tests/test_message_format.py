"""Translated messages take their values one way: `%(name)s` placeholders filled with `%`."""

from __future__ import annotations

import re

from core.i18n_tools import CORE, addon_project, extract
from core.paths import PROJECT_ROOT

BRACES = re.compile(r"\{[a-z_]+\}")
LEFT_FOR_THE_UPLOADS_CHANGE = {"core/contacts/attachments.py", "core/importing/reader.py"}


def brace_messages(project):
    found = []
    for message in extract(project):
        texts = message.id if isinstance(message.id, tuple) else (message.id,)
        places = {path for path, _line in message.locations}
        if any(BRACES.search(text) for text in texts if text) and (
                places - LEFT_FOR_THE_UPLOADS_CHANGE):
            found.append((texts[0], sorted(places)))
    return found


def test_no_message_uses_format_braces():
    projects = [CORE, *(addon_project(folder.parent)
                        for folder in sorted((PROJECT_ROOT / "addons").glob("*/addon.toml")))]
    assert [found for project in projects for found in brace_messages(project)] == []
