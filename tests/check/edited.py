"""A hand-written fixture network copied with a few lines changed (one fault or fix per test)."""

from __future__ import annotations

from pathlib import Path

from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.parse.facts import Device

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


def edited_devices(
    source: Path, edits: list[tuple[str, str, str]] | None = None, drop: str = ""
) -> list[Device]:
    """``source``'s configs parsed in memory with ``edits`` applied ((router, text,
    replacement), each text required to be there) and the router ``drop`` left out."""
    out = []
    for f in sorted(source.glob("*.cfg")):
        if f.stem == drop:
            continue
        text = f.read_text()
        for name, old, new in edits or []:
            if f.stem == name:
                assert old in text, f"{f.name}: {old!r} not found"
                text = text.replace(old, new)
        out.append(parse_config(text, f.name))
    return out
