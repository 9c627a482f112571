"""Read an inventory YAML file into the model, keeping a map from object path to line number.

PyYAML's C composer gives every node its position; we walk the node tree once to build the data
and the ``path -> line`` map together, and to catch duplicate keys (PyYAML silently keeps the last).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from dmvpngen.errors import InputError, Problem, ValidationFailed
from dmvpngen.model.inventory import Inventory
from dmvpngen.model.text import TEXT_HINTS
from dmvpngen.model.yamlread import Locator, parse_yaml, read_bounded

__all__ = ["LoadedInventory", "Locator", "load_inventory", "parse_inventory_text", "parse_yaml"]


@dataclass(frozen=True)
class LoadedInventory:
    """An inventory with where it came from."""

    inventory: Inventory
    locator: Locator
    path: Path


_HINTS = {
    "missing": "add the key; see 'dmvpngen schema' for every field",
    "extra_forbidden": "unknown key: check its spelling against 'dmvpngen schema'",
    "string_pattern_mismatch": "interface names as IOS writes them, e.g. GigabitEthernet0/1",
    "ip_v4_interface": "write an address with its prefix length, e.g. 192.0.2.1/30",
    "ip_v4_network": "write a network with its prefix length and no host bits, e.g. 10.0.0.0/24",
    "ip_v4_address": "write a dotted quad, e.g. 192.0.2.1",
    "union_tag_invalid": "routing.protocol must be one of: eigrp, ospf, bgp",
    "union_tag_not_found": "add 'protocol: eigrp' (or ospf, bgp)",
    **TEXT_HINTS,
}
# Pattern hints by field name, for fields whose pattern is not an interface name.
_PATTERN_HINTS = {
    "host": "an IPv4 address or DNS name of the router's management address",
    "traps": "'snmp-server enable traps' keywords: lowercase words separated by single spaces",
    "username": "one word of printable ASCII, at most 64 characters",
    "crypto": "a crypto profile name: letters, digits, '.', '_' or '-' (at most 32)",
    "crypto_profiles": "a crypto profile name: letters, digits, '.', '_' or '-' (at most 32)",
    "clouds": "cloud names: letters, digits, '.', '_' or '-' (at most 64)",
    "uplinks": "cloud names: letters, digits, '.', '_' or '-' (at most 64)",
    "tunnel_ips": "cloud names: letters, digits, '.', '_' or '-' (at most 64)",
    "hubs": "router names: a letter first, then letters, digits and '-' (at most 63)",
    "router": "router names: a letter first, then letters, digits and '-' (at most 63)",
    "nhrp_group": "one word: a letter first, then letters, digits, '-' or '_' (at most 32)",
}


def _pydantic_problems(exc: ValidationError, loc: Locator) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        path = loc.data_path(tuple(err["loc"]))
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = f"unknown key '{err['loc'][-1]}'"
        elif err["type"] == "missing":
            message = f"missing required key '{err['loc'][-1]}'"
        elif err["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        hint = _HINTS.get(err["type"], "")
        pattern = err["type"] == "string_pattern_mismatch"
        names = [s for s in err["loc"] if isinstance(s, str)]
        # a dict key's own error ends in '[key]' after the key: the field is the one before
        if names[-1:] == ["[key]"] and len(names) > 2:
            field_name = names[-3]
        else:
            field_name = names[-1] if names else ""
        if pattern and field_name in _PATTERN_HINTS:
            hint = _PATTERN_HINTS[field_name]
        vrf_name = tuple(err["loc"][:2]) == ("overlay_vrf", "name")
        if pattern and (err["loc"][-1] in ("transport", "vrf") or vrf_name):
            hint = "one word: a letter first, then letters, digits, '-' or '_' (at most 32)"
        elif pattern and err["loc"][-1] == "name":
            hint = "names: a letter first, then letters, digits and '-'"
        elif pattern and err["loc"][-1] == "rd":
            hint = 'a route distinguisher ASN:NN or A.B.C.D:NN, quoted, e.g. "65000:10"'
        problems.append(loc.problem(path, message, hint))
    return sorted(problems, key=lambda p: (p.line or 0, p.message))


def parse_inventory_text(text: str, file: str) -> LoadedInventory:
    """Parse inventory YAML text; raises InputError (syntax) or ValidationFailed (schema)."""
    data, loc = parse_yaml(text, file)
    if not isinstance(data, dict):
        raise InputError(
            [Problem(file, 1, "an inventory must be a YAML mapping (clouds:, hubs:, spokes:, ...)")]
        )
    try:
        inventory = Inventory.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(_pydantic_problems(exc, loc)) from None
    return LoadedInventory(inventory, loc, Path(file))


def load_inventory(path: str | Path) -> LoadedInventory:
    """Read and parse an inventory file (not yet semantically validated)."""
    p = Path(path)
    try:
        raw = read_bounded(p)
    except FileNotFoundError:
        raise InputError(
            [Problem(str(p), None, "no such file", hint="check the inventory path")]
        ) from None
    except IsADirectoryError:
        raise InputError([Problem(str(p), None, "is a directory, not an inventory file")]) from None
    except OSError as exc:
        raise InputError([Problem(str(p), None, f"cannot read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            [Problem(str(p), None, f"not UTF-8 text (byte {exc.start})", hint="save it as UTF-8")]
        ) from None
    return parse_inventory_text(text, str(p))
