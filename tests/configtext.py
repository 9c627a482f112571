"""Tiny readers for rendered IOS text, independent of the code that wrote it."""

from __future__ import annotations


def block(text: str, header: str) -> list[str]:
    """Child lines (stripped) of the first top-level block whose line starts with ``header``."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(header):
            out = []
            for child in lines[i + 1 :]:
                if not child.startswith(" "):
                    break
                out.append(child.strip())
            return out
    raise AssertionError(f"no block {header!r}")


def top(text: str) -> list[str]:
    """Top-level lines."""
    return [line for line in text.splitlines() if line and not line.startswith(" ")]


def tunnel(text: str, number: int | None = None) -> list[str]:
    """Lines of the (first / given) tunnel interface."""
    return block(text, f"interface Tunnel{'' if number is None else number}")


def value(lines: list[str], prefix: str) -> str:
    """The rest of the single line starting with ``prefix``."""
    found = [line[len(prefix) :].strip() for line in lines if line.startswith(prefix)]
    assert len(found) == 1, f"{prefix!r}: {found}"
    return found[0]
