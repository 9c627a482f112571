"""Every example inventory renders the secure baseline (its lint at medium: tests/lint/
test_generated.py).

The baseline is what a router gets without asking (docs/designs-security.md "Secure by default"):
authenticated routing and NTP, control-plane policing, and findings that follow from an explicit
inventory choice marked as suppressed with the field that made it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from dmvpngen.lint.config import LintSettings
from dmvpngen.lint.engine import lint_text
from dmvpngen.pipeline import Network, build_network

INVENTORIES = sorted(
    p
    for p in (Path(__file__).parent.parent / "inventories").glob("*.yml")
    if ".secrets." not in p.name
)


@cache
def network(path: Path) -> Network:
    return build_network(path)


@pytest.mark.parametrize("inventory", INVENTORIES, ids=lambda p: p.stem)
def test_example_renders_the_security_baseline(inventory: Path) -> None:
    net = network(inventory)
    inv = net.loaded.inventory
    for host, rendered in net.configs.items():
        text = rendered.text
        lines = text.splitlines()
        where = f"{inventory.stem}/{host}"
        # routing adjacencies authenticated (key chain, inline HMAC, or BGP password)
        assert any(
            marker in text
            for marker in (
                "ip authentication mode eigrp",
                "authentication mode hmac-sha-256",
                "ip ospf authentication",
                " password ",
            )
        ), where
        if inv.management.ntp_servers:
            assert "ntp authenticate" in lines, where
            assert all(" key " in line for line in lines if line.startswith("ntp server")), where
        assert "control-plane" in lines and " service-policy input COPP" in lines, where
        assert "policy-map COPP" in lines, where
        assert "login quiet-mode access-class SSH-ACCESS" in lines, where
        ethernet = [ln for ln in lines if ln.startswith("interface ") and "Ethernet" in ln]
        assert text.count("\n no mop enabled\n") == len(ethernet), where
        if (
            inv.platform_of(next(r for r in (*inv.hubs, *inv.spokes) if r.name == host)).value
            == "ios"
        ):
            assert "line aux 0" in lines and " no exec" in lines, where
    hashes = [ln.split()[-1] for r in net.configs.values() for ln in r.text.splitlines()
              if ln.startswith("enable secret 9 ")]  # fmt: skip
    salts = [h.split("$")[2] for h in hashes]
    assert len(set(salts)) == len(salts), f"{inventory.stem}: type 9 salts repeat across routers"


def test_group_psk_choice_is_suppressed_with_its_field() -> None:
    net = network(Path(__file__).parent.parent / "inventories" / "phase3-single-hub-eigrp.yml")
    text = net.configs["hq-hub1"].text
    mark = "! dmvpngen: ignore[CRY016] group pre-shared key chosen by the inventory"
    assert f"{mark} (crypto_profiles.default.psk)" in text
    result = lint_text(text, "hq-hub1.cfg", LintSettings())
    assert result.suppressed >= 1 and all(f.code != "CRY016" for f in result.findings)


def test_copp_rates_grow_with_the_spokes() -> None:
    from dmvpngen.render.copp import copp_context

    inv = network(
        Path(__file__).parent.parent / "inventories" / "phase3-single-hub-eigrp.yml"
    ).loaded.inventory
    hub = inv.hubs[0]
    small = copp_context(inv, hub, {c.name: 3 for c in inv.clouds})
    large = copp_context(inv, hub, {c.name: 2000 for c in inv.clouds})
    assert small["ipsec_bps"] == 256_000  # the floor
    # 2,000 spokes x 6 packets x 1,500 bytes in 10 s
    assert large["ipsec_bps"] == 14_400_000
    assert large["default_bps"] == 8_000_000
