"""Push and dual stack: a router already running the rendered IPv6 lines needs no change, and
dropping the clouds' IPv6 prefix removes the IPv6 lines dmvpngen owns."""

from __future__ import annotations

from pathlib import Path

import yaml

from dmvpngen.pipeline import build_network
from dmvpngen.push.diff import compute_plan
from tests.conftest import INVENTORIES

EXAMPLE = INVENTORIES / "phase2-dual-stack-ospfv3.yml"


def test_rendered_dual_stack_config_is_in_sync() -> None:
    text = build_network(EXAMPLE).configs["spoke-b"].text
    assert compute_plan(text, text, platform="iosxe").empty


def test_dropping_ipv6_removes_its_lines(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text())
    for cloud in data["clouds"]:
        del cloud["ipv6_subnet"]
    for router in data["hubs"] + data["spokes"]:
        router.pop("loopback_ipv6", None)
        router.pop("ipv6_link_local", None)
        for lan in router["lan"]:
            lan.pop("ipv6_address", None)
    (tmp_path / "demo.secrets.yaml").write_text((INVENTORIES / "demo.secrets.yaml").read_text())
    path = tmp_path / "inv.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    running = build_network(EXAMPLE).configs["hub"].text
    intended = build_network(path).configs["hub"].text
    plan = compute_plan(running, intended, platform="iosxe")
    assert "no ipv6 unicast-routing" in plan.lines
    assert "no router ospfv3 1" in plan.lines
    assert " no ipv6 nhrp network-id 1" in plan.lines
    assert " no ipv6 address FD00:172:16::1/64" in plan.lines
    assert " no ospfv3 1 ipv6 area 0" in plan.lines


def test_ipv6_only_wan_without_loopback_names_the_problem(tmp_path: Path) -> None:
    """branch-02 of the IPv6-transport example has an IPv6-only WAN; without its loopbacks push
    has no address to reach it by, and says so (not 'DHCP WAN')."""
    from dmvpngen.errors import UsageError
    from dmvpngen.push.engine import load_targets

    source = INVENTORIES / "phase3-ipv6-transport-eigrp.yml"
    data = yaml.safe_load(source.read_text())
    (branch,) = [r for r in data["spokes"] if r["name"] == "branch-02"]
    branch.pop("loopback")
    branch.pop("access", None)
    (tmp_path / "demo.secrets.yaml").write_text((INVENTORIES / "demo.secrets.yaml").read_text())
    path = tmp_path / "inv.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    # the dual-stack overlay still reaches it at its IPv6 loopback (SSH-ACCESS-V6 admits the NOC)
    (target,) = [t for t in load_targets(str(path))[0] if t.hostname == "branch-02"]
    assert target.host == branch["loopback_ipv6"]
    branch.pop("loopback_ipv6")
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    try:
        load_targets(str(path))
    except UsageError as err:
        assert "branch-02" in err.message and "IPv6-only" in err.message
        assert "DHCP" not in err.message and "2001:db8:c012::2" in err.message
        assert "loopback: <address>" in err.hint and "access:" in err.hint
    else:
        raise AssertionError("push found an address for a router it cannot reach")
