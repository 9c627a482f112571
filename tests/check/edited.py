"""A hand-written fixture network copied with a few lines changed (one fault or fix per test)."""

from __future__ import annotations

from pathlib import Path

Edits = dict[str, list[tuple[str, str]]]


def edited_copy(source: Path, target: Path, edits: Edits) -> Path:
    """Copy ``source``'s configs to ``target``, replacing text per router (file stem); every
    text to replace must be there, so a fixture change cannot silently void a test."""
    for f in sorted(source.glob("*.cfg")):
        text = f.read_text()
        for old, new in edits.get(f.stem, []):
            assert old in text, f"{f.name}: {old!r} not found"
            text = text.replace(old, new)
        (target / f.name).write_text(text)
    return target
