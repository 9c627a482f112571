"""Read an inventory YAML file into the model, keeping a map from object path to line number.

PyYAML's C composer gives every node its position; we walk the node tree once to build the data
and the ``path -> line`` map together, and to catch duplicate keys (PyYAML silently keeps the last).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from dmvpngen.errors import InputError, Problem, ValidationFailed
from dmvpngen.model.inventory import Inventory
from dmvpngen.model.text import TEXT_HINTS

__all__ = ["LoadedInventory", "Locator", "load_inventory", "parse_inventory_text"]

PathT = tuple[str | int, ...]
_UNION_TAGS = frozenset({"eigrp", "ospf", "bgp"})

try:  # the C loader is ten times faster on large inventories
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


@dataclass
class Locator:
    """Maps object paths in the inventory to 1-based line numbers of one file."""

    file: str
    lines: dict[PathT, int] = field(default_factory=dict)
    data: Any = None

    def line_of(self, path: PathT) -> int | None:
        """Line of the deepest known prefix of ``path``."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None

    def problem(
        self, path: PathT, message: str, hint: str = "", severity: str = "error"
    ) -> Problem:
        """A problem located at ``path``."""
        return Problem(self.file, self.line_of(path), message, path, hint, severity)

    def data_path(self, loc: tuple[Any, ...]) -> PathT:
        """Turn a pydantic error location into a path through the real data.

        Discriminated unions insert their tag into ``loc``; segments that do not exist in the data
        are skipped so the path (and its line) stays real.
        """
        node = self.data
        out: list[str | int] = []
        for seg in loc:
            in_dict = isinstance(node, dict) and seg in node
            in_list = isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node)
            if in_dict or in_list:
                node = node[seg]
                out.append(seg)
            elif isinstance(node, dict) and isinstance(seg, str) and seg not in _UNION_TAGS:
                # a missing key: keep it so the message names it, but stop descending
                out.append(seg)
                break
        return tuple(out)


@dataclass(frozen=True)
class LoadedInventory:
    """An inventory with where it came from."""

    inventory: Inventory
    locator: Locator
    path: Path


def _construct(node: yaml.Node, path: PathT, loc: Locator, loader: yaml.SafeLoader) -> Any:
    loc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        explicit: set[Any] = set()
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                # merge keys (<<: *anchor) share settings; explicit keys win over merged ones
                seq = isinstance(value_node, yaml.SequenceNode)
                sources = value_node.value if seq else [value_node]
                for source in sources:
                    merged = _construct(source, path, loc, loader)
                    if isinstance(merged, dict):
                        for k, v in merged.items():
                            if k not in explicit:
                                out.setdefault(k, v)
                continue
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                raise InputError(
                    [Problem(loc.file, key_node.start_mark.line + 1, "a key must be a plain value")]
                )
            if key in explicit:
                raise InputError(
                    [
                        Problem(
                            loc.file,
                            key_node.start_mark.line + 1,
                            f"duplicate key '{key}'",
                            path,
                            "each key may appear once per mapping; remove or merge the repeats",
                        )
                    ]
                )
            explicit.add(key)
            child: PathT = (*path, key)
            loc.lines[child] = key_node.start_mark.line + 1
            out[key] = _construct(value_node, child, loc, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, i), loc, loader) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, file: str) -> tuple[Any, Locator]:
    """Parse YAML text into plain data plus a line locator; malformed YAML is an InputError."""
    loc = Locator(file)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = None if root is None else _construct(root, (), loc, loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or str(exc)
        raise InputError(
            [
                Problem(
                    file, line, f"malformed YAML: {what}", hint="fix the YAML syntax at that line"
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, None, f"malformed YAML: {exc}")]) from None
    finally:
        loader.dispose()
    loc.data = data
    return data, loc


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
        field_name = names[-3] if names[-1:] == ["[key]"] and len(names) > 2 else names[-1]
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
        raw = p.read_bytes()
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
