"""The font every PDF theme embeds: DejaVu Sans, which covers Latin Extended (ł, ő, č, ...).

ReportLab's built-in Helvetica knows only Latin-1: a name like "Łukasz Dvořák" printed as
boxes. DejaVu Sans is a free font (Debian's `fonts-dejavu-core`, installed by `make install`);
the themes name it `DocumentSans` through `@font-face`, and the renderer may read the folder
it lives in and nothing else. `FACTURO_FONT_DIR` points elsewhere when it is not in Debian's
place.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FAMILY = "DocumentSans"
PACKAGE = "fonts-dejavu-core"
SEARCH = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts/dejavu"),
)
#: (weight, style) → file name.
FACES = {
    ("normal", "normal"): "DejaVuSans.ttf",
    ("bold", "normal"): "DejaVuSans-Bold.ttf",
    ("normal", "italic"): "DejaVuSans-Oblique.ttf",
    ("bold", "italic"): "DejaVuSans-BoldOblique.ttf",
}


class FontMissing(RuntimeError):
    """The document font is not installed."""


@dataclass(frozen=True)
class Face:
    """One face of the family for `@font-face`."""

    weight: str
    style: str
    path: Path


def _folders() -> list[Path]:
    configured = os.environ.get("FACTURO_FONT_DIR")
    return [Path(configured)] if configured else list(SEARCH)


@lru_cache(maxsize=1)
def font_dir() -> Path:
    """The folder holding every face of the document font; `FontMissing` when none does."""
    for folder in _folders():
        if all((folder / name).is_file() for name in FACES.values()):
            return folder.resolve()
    searched = ", ".join(str(folder) for folder in _folders())
    raise FontMissing(
        f"the document font (DejaVu Sans) was not found in {searched}: install Debian's "
        f"{PACKAGE} (`make install` does) or set FACTURO_FONT_DIR"
    )


def faces() -> tuple[Face, ...]:
    """The four faces (regular, bold, italic, bold italic) of the document font."""
    folder = font_dir()
    return tuple(Face(weight, style, folder / name) for (weight, style), name in FACES.items())
