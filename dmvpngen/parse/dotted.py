"""Dotted quads read to their integer, as ``ipaddress`` reads them, without its Python calls
per octet: lint and the parser meet thousands of distinct addresses."""

from __future__ import annotations

__all__ = ["ipv4_int"]


def ipv4_int(text: str) -> int | None:
    """``text`` as an integer when ``ipaddress`` accepts it as an IPv4 address, else None.

    The same rules as ``ipaddress`` (``_ip_int_from_string`` and ``_parse_octet``): four ASCII
    decimal octets split by dots, at most three digits each, no leading zero, at most 255; the
    same integer. ``tests/parse/test_address_reading.py`` and ``tests/lint/test_fast_paths.py``
    hold it to ``ipaddress`` on random texts.
    """
    parts = text.split(".")
    if len(parts) != 4:
        return None
    value = 0
    for part in parts:
        if not (part.isascii() and part.isdigit()) or len(part) > 3:
            return None
        if part[0] == "0" and part != "0":
            return None
        octet = int(part)
        if octet > 255:
            return None
        value = value << 8 | octet
    return value
