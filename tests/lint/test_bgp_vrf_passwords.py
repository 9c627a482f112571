"""BGP passwords are read in the routing table they belong to: a VRF's neighbours and their
``neighbor X password`` live in its ``address-family ipv4 vrf`` block, and a line at the top of
``router bgp`` protects the global neighbour X, never the VRF's. Checked on the hub of the
shipped inside-VRF iBGP example, with a hub interconnect so that hub-to-hub sessions run both
over the tunnel (DMV011's) and over the core link (RTA006's)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dmvpngen.lint.config import LintSettings
from dmvpngen.lint.engine import lint_text
from tests.test_bgp_inside_vrf import build, variant

CORE = "10.1.255.2"  # hq-hub2 on the core link
TUNNEL = "10.255.0.2"  # hq-hub2 on the tunnel


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> str:
    data = variant()
    for i, hub in enumerate(data["hubs"]):
        hub["lan"].append(
            {
                "interface": "GigabitEthernet3",
                "address": f"10.1.255.{i + 1}/30",
                "hub_peering": True,
            }
        )
    net = build(Path(tmp_path_factory.mktemp("core")), data)
    return net.configs["hq-hub1"].text


def _messages(text: str) -> list[str]:
    result = lint_text(text, "hq-hub1.cfg", LintSettings())
    return sorted(
        f"{f.code} {f.message}" for f in result.findings if f.code in ("RTA006", "DMV011")
    )


def _to_top(text: str, peer: str) -> str:
    """Move ``peer``'s password line from the VRF family to the top of ``router bgp``."""
    line = re.search(rf"^  neighbor {re.escape(peer)} password .*$", text, re.M)
    assert line is not None
    text = text.replace(line[0] + "\n", "")
    return text.replace(
        " bgp log-neighbor-changes\n", f" bgp log-neighbor-changes\n{line[0][1:]}\n"
    )


def test_the_rendered_hub_has_every_vrf_session_protected(hub: str) -> None:
    assert f"  neighbor {CORE} password" in hub and f"  neighbor {TUNNEL} password" in hub
    assert _messages(hub) == []


@pytest.mark.parametrize(
    ("peer", "expected"),
    [
        (CORE, f"RTA006 BGP neighbor {CORE} has no password"),
        (TUNNEL, f"DMV011 BGP {TUNNEL} over Tunnel100 has no password"),
    ],
)
def test_a_password_outside_the_vrf_does_not_protect_the_vrf_neighbour(
    hub: str, peer: str, expected: str
) -> None:
    assert _messages(_to_top(hub, peer)) == [expected]


def test_a_global_neighbour_with_the_address_of_a_vrf_one_is_its_own_session(hub: str) -> None:
    # the VRF's session has its password; a global neighbour of the same address has none
    text = hub.replace(
        " bgp log-neighbor-changes\n",
        f" bgp log-neighbor-changes\n neighbor {CORE} remote-as 65001\n",
    )
    assert _messages(text) == [f"RTA006 BGP neighbor {CORE} has no password"]
    line = next(
        f.line for f in lint_text(text, "h.cfg", LintSettings()).findings if f.code == "RTA006"
    )
    assert text.splitlines()[line - 1] == f" neighbor {CORE} remote-as 65001"
