"""Bytes to text for one config: BOMs, UTF-16/32 with or without BOM, binary content refused.

Configs reach users through terminals, TFTP servers and Windows editors, so the same text
arrives as UTF-8, UTF-8 with BOM, or UTF-16 (PowerShell's ``>`` writes UTF-16 LE with BOM).
Those are encodings of a config, and are decoded. Content that is not text (an IOS image, a
zip or gzip archive, a PDF) is refused with the line where it stops being text.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

__all__ = ["Decoded", "NotText", "decode_config"]

# (BOM, codec), longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Magic numbers of files people pass by mistake, named so the message says what was given.
_MAGIC = (
    (b"\x1f\x8b", "a gzip archive"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x7fELF", "an executable"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"7z\xbc\xaf", "a 7-zip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
)
_SAMPLE = 8192
# control bytes that do not occur in text configs (all below 32 but tab, LF, FF, CR and ETX)
_ODD_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 3))


@dataclass(frozen=True)
class Decoded:
    """The text of a config and how it was stored."""

    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16-le", ...
    replaced: int = 0  # bytes that were not valid in the encoding (shown as U+FFFD)


class NotText(Exception):
    """Content that is not text: carries a description and the 1-based line where it shows."""

    def __init__(self, what: str, line: int) -> None:
        super().__init__(what)
        self.what = what
        self.line = line


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text with a zero byte in every other position."""
    if len(head) < 4 or b"\x00" not in head:
        return None  # no zero byte: neither half can be 90 % zeros (most configs)
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0), odd.count(0)
    if zeros_odd > 0.9 * len(odd) and zeros_even < 0.1 * len(even):
        return "utf-16-le"
    if zeros_even > 0.9 * len(even) and zeros_odd < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _binary_line(head: bytes) -> int | None:
    """The 1-based line of the first sign of binary content in ``head``, or None for text."""
    if b"\x00" in head:
        return head[: head.index(b"\x00")].count(b"\n") + 1
    # tab, LF, FF, CR and ETX (the ^C banner delimiter written as a raw byte) occur in configs
    odd = len(head) - len(head.translate(None, _ODD_CONTROL))
    if head and odd / len(head) > 0.1:
        return 1
    return None


def _count_replaced(data: bytes) -> tuple[str, int]:
    """UTF-8 with invalid bytes replaced, and how many were replaced."""
    text = data.decode("utf-8", errors="replace")
    return text, text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")


def decode_config(data: bytes) -> Decoded:
    """The text of ``data``; raises :class:`NotText` for binary content.

    Invalid UTF-8 bytes in otherwise text content are replaced (the linter reports those lines
    as PAR001), because a config with one mangled description is still a config.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                break  # a BOM followed by something else: judge the bytes below
            return Decoded(text, codec if codec != "utf-8" else "utf-8-sig")
    head = data[:_SAMPLE]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise NotText(what, 1)
    codec16 = _utf16_without_bom(head)
    if codec16 is not None:
        try:
            return Decoded(data.decode(codec16), codec16)
        except UnicodeDecodeError:
            pass
    line = _binary_line(head)
    if line is not None:
        raise NotText("binary content", line)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        text, replaced = _count_replaced(data)
        return Decoded(text, "utf-8", replaced)
