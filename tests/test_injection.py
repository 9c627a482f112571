"""No inventory text can become a router command.

Every string field of the inventory JSON schema (and every secret, given literally, through
``env:`` and through the secrets file) receives payloads that would start a new config line or
end a banner early. Each must give a located error that never quotes a secret, or, where the text
is legal, configs whose top-level commands are those of the clean render.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from dmvpngen.errors import InputError
from dmvpngen.pipeline import build_network
from dmvpngen.push.diff import split_banners
from dmvpngen.secrets import SECRET_FIELDS, iter_secret_fields
from tests.conftest import INVENTORIES
from tests.schema_walk import Site, sites, string_fields

INJECTED = "username evil privilege 15 secret 0 pwned"
PAYLOADS = {
    "LF": f"\n{INJECTED}",
    "CR": f"\r{INJECTED}",
    "CRLF": f"\r\n{INJECTED}",
    "NUL": "\x00",
    "ESC": "\x1b[2K",
    "U+2028": f"\u2028{INJECTED}",
    "NEL": f"\x85{INJECTED}",
    "delimiter+LF": f"#\n{INJECTED}\nbanner login #",
    "delimiter": "#",
    "all-delimiters": "#%~@|&*+=",
}
EXTRAS = Path(__file__).parent / "injection" / "extras.yml"
BASES = [*sorted(INVENTORIES.glob("*.yml")), EXTRAS]


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, dict)
    return data


def _first_sites() -> dict[str, tuple[Path, Site]]:
    """For every string field, the first base inventory that reaches it (present preferred)."""
    found: dict[str, tuple[Path, Site]] = {}
    for base in BASES:
        for site in sites(_load(base)):
            if site.field not in found or (site.present and not found[site.field][1].present):
                found[site.field] = (base, site)
    return found


SITES = _first_sites()


def test_every_string_field_is_reached() -> None:
    # a new string field must be reachable here, else it is never injected
    assert set(SITES) == string_fields()


def _get(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _inject(data: dict[str, Any], site: Site, payload: str) -> tuple[dict[str, Any], str, str]:
    """A copy of ``data`` with ``payload`` appended at the site; the clean and injected text."""
    out = copy.deepcopy(data)
    parent = _get(out, site.path[:-1])
    last = site.path[-1]
    if site.is_key:
        clean = str(last)
        parent[clean + payload] = parent.pop(clean)
        return out, clean, clean + payload
    if not site.present:
        clean = "x"
        if site.field.endswith("[]"):
            parent[last] = [clean + payload]
        else:
            parent[last] = clean + payload
        return out, clean, clean + payload
    clean = str(parent[last])
    parent[last] = clean + payload
    return out, clean, clean + payload


def _write(tmp_path: Path, data: dict[str, Any], name: str = "inv.yml") -> Path:
    (tmp_path / "demo.secrets.yaml").write_text((INVENTORIES / "demo.secrets.yaml").read_text())
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=False))
    return path


def _top_level(text: str) -> tuple[list[str], dict[str, str]]:
    """Top-level config lines (banners taken out) and the banner messages."""
    rest, banners = split_banners(text)
    lines = [line for line in rest.splitlines() if line and not line.startswith((" ", "!"))]
    return lines, banners


def _secret_values() -> list[str]:
    return [
        line.split(":", 1)[1].strip()
        for line in (INVENTORIES / "demo.secrets.yaml").read_text().splitlines()
        if line and not line.startswith("#")
    ]


def _assert_located(exc: InputError, inventory: Path, secret: bool, injected: str) -> None:
    text = "\n".join(p.render() for p in exc.problems)
    for problem in exc.problems:
        # the secrets file's own problems name that file; every inventory problem has its line
        assert problem.line is not None or problem.file != str(inventory), text
    # quoted input is escaped: no payload forges a report line or drives the terminal
    for line in text.split("\n"):
        assert line.startswith((str(inventory.parent), "    hint: ")), text
    assert not any(c in text for c in "\r\x1b\x00\x85\u2028"), text
    if secret:
        assert injected not in text
        assert not any(value in text for value in _secret_values()), text


@pytest.mark.parametrize("field", sorted(SITES))
def test_injection_into_every_string_field(field: str, tmp_path: Path) -> None:
    base, site = SITES[field]
    data = _load(base)
    clean_configs: dict[str, str] | None = None
    secret = site.path[-1] in SECRET_FIELDS
    for name, payload in PAYLOADS.items():
        injected_data, clean, injected = _inject(data, site, payload)
        inventory = _write(tmp_path, injected_data)
        try:
            net = build_network(inventory)
        except InputError as exc:
            _assert_located(exc, inventory, secret, injected)
            continue
        # legal text: it stays inside its field, the command structure is the clean one
        assert "\n" not in payload or field == "Management.banner", (field, name)
        if clean_configs is None:
            clean_data, _, _ = _inject(data, site, "")
            clean_net = build_network(_write(tmp_path, clean_data, "clean.yml"))
            clean_configs = {h: c.text for h, c in clean_net.configs.items()}
        for host, config in net.configs.items():
            lines, _ = _top_level(config.text.replace(injected, clean))
            _, banners = _top_level(config.text)
            clean_lines, clean_banners = _top_level(clean_configs[host])
            assert lines == clean_lines, (field, name, host)
            if field == "Management.banner":
                assert banners["login"] == "\n".join(
                    part.strip() for part in injected.split("\n") if part.strip()
                )
            else:
                assert banners == clean_banners


def _secret_sites() -> list[tuple[Path, tuple[str | int, ...]]]:
    found: dict[str, tuple[Path, tuple[str | int, ...]]] = {}
    for base in BASES:
        from dmvpngen.model.loader import load_inventory

        for path, _value in iter_secret_fields(load_inventory(base).inventory):
            key = ".".join(str(p) for p in path if not isinstance(p, int))
            found.setdefault(key, (base, path))
    return sorted(found.values(), key=lambda item: str(item[1]))


SECRET_SITES = _secret_sites()


def test_every_secret_field_is_reached() -> None:
    assert {path[-1] for _, path in SECRET_SITES} == SECRET_FIELDS


@pytest.mark.parametrize(
    ("base", "path"), SECRET_SITES, ids=[".".join(map(str, p)) for _, p in SECRET_SITES]
)
@pytest.mark.parametrize("through", ["env", "secrets-file"])
def test_injection_through_secret_references(
    base: Path, path: tuple[str | int, ...], through: str, tmp_path: Path
) -> None:
    data = _load(base)
    parent = _get(data, path[:-1])
    for name, payload in PAYLOADS.items():
        value = f"Fuzz-Key-0123{payload}"
        if through == "env":
            if "\x00" in value:
                continue  # an environment variable cannot hold a NUL byte
            parent[path[-1]] = "env:DMVPNGEN_FUZZ_SECRET"
            os.environ["DMVPNGEN_FUZZ_SECRET"] = value
        else:
            parent[path[-1]] = "secret:fuzz"
            data["secrets_file"] = "fuzz.secrets.yaml"
            secrets = yaml.safe_load((INVENTORIES / "demo.secrets.yaml").read_text())
            secrets["fuzz"] = value
            (tmp_path / "fuzz.secrets.yaml").write_text(yaml.safe_dump(secrets))
        inventory = _write(tmp_path, data)
        try:
            build_network(inventory)
        except InputError as exc:
            _assert_located(exc, inventory, True, value)
            assert "Fuzz-Key-0123" not in "\n".join(p.render() for p in exc.problems)
        else:
            # '#' and the other delimiters are legal in a key: it stays one word of its command
            assert name in ("delimiter", "all-delimiters"), (path, name)
        finally:
            os.environ.pop("DMVPNGEN_FUZZ_SECRET", None)
