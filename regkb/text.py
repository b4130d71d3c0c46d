"""Source-text layout rules shared by ingest and the fidelity check.

The received texts carry layout left by their extraction: Markdown heading marks,
bold marks, list bullets, HTML checkboxes, tabs between table cells and spaces
between Chinese characters. None of that is text of the regulation, so it is
normalised away by one documented rule; every other difference between the source
and an extract must be a recorded repair.
"""

from __future__ import annotations

import re

CHECKBOX = "☐"
_CHECKBOX_HTML = re.compile(r"<input\s+type=\"checkbox\"\s*/?>", re.IGNORECASE)
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s*")
_BULLET = re.compile(r"^\s*[-*]\s+")
_WHITESPACE = re.compile(r"\s+")


def strip_layout(line: str) -> str:
    """Remove extraction markup from one source line, keeping bold marks for the parser."""
    line = _CHECKBOX_HTML.sub(CHECKBOX, line)
    line = _HEADING_MARK.sub("", line)
    line = _BULLET.sub("", line)
    return line.strip()


def normalise(text: str) -> str:
    """The comparable form of a text: layout markup and all white space removed."""
    lines = (strip_layout(line).replace("**", "") for line in text.splitlines())
    return _WHITESPACE.sub("", "".join(lines))


def collapse_spaces(text: str) -> str:
    """Tidy white space inside a line: drop spaces next to Chinese characters, keep others single."""
    text = _WHITESPACE.sub(" ", text.replace("\u3000", " ")).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)
