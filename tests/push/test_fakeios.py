"""The simulated IOS router behaves like IOS where push depends on it."""

from __future__ import annotations

import time

from dmvpngen.push.parsers import (
    parse_dmvpn,
    parse_eigrp_neighbors,
    parse_ikev2_sa,
    parse_nhs_detail,
)
from tests.fakeios.config import parse_config
from tests.fakeios.router import FakeNetwork
from tests.fakeios.shell import INVALID, IOSShell
from tests.push.netgen import base_config, hub_config, spoke_config


def type_lines(shell: IOSShell, *lines: str) -> list[str]:
    return [shell.handle(line) for line in lines]


def test_config_mode_hierarchy_replace_and_negate() -> None:
    net = FakeNetwork()
    router = net.add("r1", base_config("r1", "192.0.2.1"))
    shell = IOSShell(router)
    type_lines(
        shell,
        "configure terminal",
        "interface GigabitEthernet1",
        "description uplink",  # replaces "description WAN"
        "no ip redirects",  # default on: stored as a line
        "no negotiation auto",  # removes the existing line
        "exit",
        "crypto ikev2 keyring KR",
        "peer ANY",
        "pre-shared-key one",
        "pre-shared-key two",  # one value only
        "exit",
        "exit",
        "no ip route 0.0.0.0 0.0.0.0 192.0.2.254",
        "end",
    )
    text = router.config_text()
    assert "interface GigabitEthernet1\n description uplink\n ip address" in text
    assert " no ip redirects" in text and "negotiation" not in text
    assert "crypto ikev2 keyring KR\n peer ANY\n  pre-shared-key two\n" in text
    assert "ip route" not in text
    assert shell.prompt == "r1#"


def test_prompts_and_invalid_input() -> None:
    router = FakeNetwork().add("r1", rejected=[r"^bogus"])
    shell = IOSShell(router)
    assert shell.handle("show inventory raw") == INVALID
    assert "Processor board ID 9" in shell.handle("show version")
    shell.handle("conf t")
    assert shell.prompt == "r1(config)#"
    shell.handle("interface Tunnel0")
    assert shell.prompt == "r1(config-if)#"
    assert INVALID in shell.handle("bogus command")
    assert "bogus" not in router.config_text()


def test_revert_timer_confirm_and_revert_now() -> None:
    net = FakeNetwork(minute_seconds=0.1)
    router = net.add("r1", "hostname r1\n")
    shell = IOSShell(router)
    type_lines(
        shell, "configure terminal revert timer 1", "ip route 10.0.0.0 255.0.0.0 Null0", "end"
    )
    assert "ip route" in router.config_text()
    assert shell.handle("configure revert now") == "Rollback Done"
    assert "ip route" not in router.config_text()
    type_lines(
        shell, "configure terminal revert timer 1", "ip route 10.0.0.0 255.0.0.0 Null0", "end"
    )
    assert shell.handle("configure confirm") == ""
    time.sleep(0.25)
    assert "ip route" in router.config_text()  # confirmed: the timer no longer fires
    type_lines(
        shell, "configure terminal revert timer 1", "no ip route 10.0.0.0 255.0.0.0 Null0", "end"
    )
    time.sleep(0.3)
    assert "ip route" in router.config_text()  # not confirmed: the timer restored it
    assert shell.handle("write memory").endswith("[OK]") and router.saves == 1


def test_overlay_follows_config_and_parses() -> None:
    net = FakeNetwork()
    hub = net.add("hub1", hub_config())
    spokes = [net.add(f"spoke{i}", spoke_config(i)) for i in (1, 2)]
    peers = parse_dmvpn(IOSShell(hub).show_dmvpn())
    assert [(p.tunnel, p.up) for p in peers] == [("10.0.0.11", True), ("10.0.0.12", True)]
    assert {s.remote for s in parse_ikev2_sa(IOSShell(hub).show_ikev2())} == {
        "203.0.113.11",
        "203.0.113.12",
    }
    assert set(parse_eigrp_neighbors(IOSShell(hub).show_eigrp())) == {"10.0.0.11", "10.0.0.12"}
    spokes[1].tunnel_down = True
    assert [p.tunnel for p in parse_dmvpn(IOSShell(hub).show_dmvpn())] == ["10.0.0.11"]
    nhs = parse_nhs_detail(IOSShell(spokes[1]).show_nhs())
    assert [(n.address, n.responding) for n in nhs] == [("10.0.0.1", False)]
    spokes[1].tunnel_down = False
    shell = IOSShell(spokes[1])
    type_lines(shell, "conf t", "interface Tunnel0", "tunnel key 999", "end")  # key mismatch
    assert [(n.address, n.responding) for n in parse_nhs_detail(shell.show_nhs())] == [
        ("10.0.0.1", False)
    ]


def test_parse_render_round_trip() -> None:
    text = hub_config()
    assert (
        parse_config(text).render() == parse_config("\n".join(parse_config(text).render())).render()
    )
