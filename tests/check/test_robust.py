"""Messy input never crashes the checker: real configs with lines dropped or garbled."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from dmvpngen.check.engine import check_devices
from dmvpngen.parse import parse_config

CORPUS = Path(__file__).parent / "corpus"
SETS = sorted(p for p in CORPUS.iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", SETS, ids=[p.name for p in SETS])
def test_damaged_configs_are_checked_not_crashed(folder: Path) -> None:
    rng = random.Random(folder.name)  # deterministic per set
    texts = {f.name: f.read_text(errors="replace") for f in sorted(folder.glob("*.cfg"))}
    for _round in range(40):
        devices = []
        for name, text in texts.items():
            lines = text.splitlines()
            damaged = []
            for line in lines:
                roll = rng.random()
                if roll < 0.08:
                    continue  # dropped line
                if roll < 0.12:
                    words = line.split()
                    line = " " * (len(line) - len(line.lstrip())) + " ".join(
                        words[: max(1, len(words) // 2)]
                    )
                damaged.append(line)
            devices.append(parse_config("\n".join(damaged), name))
        result = check_devices(devices)
        for f in result.findings:
            assert f.code.startswith("NET") and f.device
        for cloud in result.clouds:
            cloud.as_dict()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "interface Tunnel\n ip address\n",
        "interface Tunnel0\n ip address 10.0.0.1 255.255.255.0\n ip nhrp nhs\n ip nhrp map 1.2.3\n",
        "interface Tunnel0\n ip address 10.0.0.1 255.255.255.0\n"
        " ip nhrp nhs dynamic nbma 1.1.1.1\n",
        "interface Tunnel0\n ip address 10.0.0.1 255.0.255.0\n"
        " ip nhrp network-id x\n tunnel key y\n",
        "router eigrp\nrouter ospf\nrouter bgp x\n neighbor\n"
        "crypto isakmp policy\ncrypto ipsec profile\n",
        "crypto ikev2 keyring K\n peer P\n  address 1.1.1.1\n"
        "crypto keyring R\n  pre-shared-key address\n",
    ],
)
def test_fragments_parse(text: str) -> None:
    result = check_devices([parse_config(text, "x.cfg"), parse_config(text, "y.cfg")])
    assert isinstance(result.findings, list)


def test_unrelated_networks_checked_together_do_not_crash() -> None:
    """Every real set in one run: addresses repeat across labs, routers share names."""
    devices = [
        parse_config(f.read_text(errors="replace"), f"{folder.name}/{f.name}")
        for folder in SETS
        for f in sorted(folder.glob("*.cfg"))
    ]
    result = check_devices(devices)
    assert result.routing["rounds"] >= 1
    assert all(f.device for f in result.findings)
