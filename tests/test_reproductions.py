"""The inventory reproductions of the hardening report, run as a user runs them.

Each one used to put ``username evil privilege 15 secret 0 pwned`` at the top level of a rendered
config with exit 0, or to end in a traceback. Now each is a located error with exit 1 or 2, or
(a banner holding '#') a config in which the text stays inside the banner.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from dmvpngen.cli.app import app
from dmvpngen.push.diff import split_banners
from tests.conftest import INVENTORIES

INJECTED = "username evil privilege 15 secret 0 pwned"
BASE = INVENTORIES / "phase3-single-hub-eigrp.yml"


def _set(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(yaml.safe_load(BASE.read_text()))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return data


def _bomb() -> str:
    lines = ["x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


CASES: dict[str, tuple[str, int, str]] = {
    # name: (inventory text, exit code, text the located error must hold)
    "lan-description-lf": (
        yaml.safe_dump(_set(("spokes", 0, "lan", 0, "description"), f"LAN\n{INJECTED}")),
        1,
        "spokes[0].lan[0].description: description contains a line feed",
    ),
    "wan-description-cr": (
        yaml.safe_dump(_set(("hubs", 0, "wan", "description"), f"WAN\r{INJECTED}")),
        1,
        "hubs[0].wan.description: description contains a carriage return",
    ),
    "domain-lf": (
        yaml.safe_dump(_set(("management", "domain_name"), f"acme.example\n{INJECTED}")),
        1,
        "management.domain_name: domain name contains a line feed",
    ),
    "config-key-lf": (
        yaml.safe_dump(_set(("management", "config_key"), f"Master-Key-1\n{INJECTED}")),
        1,
        "management.config_key: the secret value contains a line feed",
    ),
    "self-referencing-alias": ("a: &a [*a, *a]\n", 2, "an alias refers to the node"),
    "alias-bomb": (_bomb(), 2, "expand to more than 1,000,000 values"),
    "huge-integer": (
        BASE.read_text().replace("tunnel: 100", "tunnel: " + "9" * 5001),
        2,
        "an integer of 5001 characters",
    ),
    "router-id-beyond-cloud": (
        yaml.safe_dump(_set(("spokes", 0, "id"), 4_000_000)),
        1,
        "spokes[0].id: id 4000000 of 'branch-01' is beyond cloud 'DMVPN-1'",
    ),
}


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "demo.secrets.yaml").write_text((INVENTORIES / "demo.secrets.yaml").read_text())
    inventory = tmp_path / "inv.yml"
    inventory.write_text(text)
    return inventory


@pytest.mark.parametrize("case", sorted(CASES))
def test_reproduction_is_a_located_error(case: str, tmp_path: Path) -> None:
    text, code, expected = CASES[case]
    inventory = _write(tmp_path, text)
    out = tmp_path / "configs"
    result = CliRunner().invoke(app, ["generate", str(inventory), "-o", str(out)])
    assert result.exit_code == code, result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)
    assert f"{inventory}:" in result.output and expected in result.output, result.output
    assert not out.exists() or not list(out.iterdir())


def test_banner_holding_the_delimiter_stays_a_banner(tmp_path: Path) -> None:
    banner = f"Authorized access only #\n{INJECTED}\nbanner login #"
    inventory = _write(tmp_path, yaml.safe_dump(_set(("management", "banner"), banner)))
    out = tmp_path / "configs"
    result = CliRunner().invoke(app, ["generate", str(inventory), "-o", str(out)])
    assert result.exit_code == 0, result.output
    for config in out.glob("*.cfg"):
        rest, banners = split_banners(config.read_text())
        assert INJECTED not in rest  # not a command: it is a line of the banner
        assert banners["login"] == banner
        assert "banner login %Authorized access only #" in config.read_text()
