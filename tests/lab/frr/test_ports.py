"""Probes beyond ICMP: the ports read from rendered configs, the vty access class, and the
guest's listener and probe (portcheck.py) on real sockets on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from ipaddress import IPv4Address

import pytest

from dmvpngen.check.engine import inventory_devices
from dmvpngen.lab.frr.engine import load, predict_and_place
from dmvpngen.lab.frr.portcheck import probe
from dmvpngen.lab.frr.ports import service_port, vty_access
from dmvpngen.lab.frr.probes import port_probes
from dmvpngen.lab.frr.render import PORTCHECK
from dmvpngen.lab.vm import GuestResult
from dmvpngen.parse.dmvpn import parse_config
from dmvpngen.parse.routefacts import route_facts
from tests.conftest import INVENTORIES


def _free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def listener() -> Iterator[tuple[int, int]]:
    """portcheck.py serving one TCP and one UDP port, as the lab starts it."""
    tcp, udp = _free_port(socket.SOCK_STREAM), _free_port(socket.SOCK_DGRAM)
    proc = subprocess.Popen(
        [sys.executable, str(PORTCHECK), "serve", "--tcp", str(tcp), "--udp", str(udp)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "listening"
        yield tcp, udp
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_open_refused_and_timeout_on_real_sockets(listener: tuple[int, int]) -> None:
    tcp, udp = listener
    assert probe("tcp", "127.0.0.1", tcp, "127.0.0.1", 2) == "open"
    assert probe("udp", "127.0.0.1", udp, None, 2) == "open"
    # a second address of the host (a service address beside the host's own): the answer
    # must come from it, or the probe's connected socket never sees it
    assert probe("udp", "127.0.0.2", udp, "127.0.0.1", 2) == "open"
    # nothing listens: a TCP reset, an ICMP port unreachable
    assert probe("tcp", "127.0.0.1", _free_port(socket.SOCK_STREAM), None, 2) == "refused"
    assert probe("udp", "127.0.0.1", _free_port(socket.SOCK_DGRAM), None, 2) == "refused"
    # TEST-NET-1 is routed nowhere here: no answer within the timeout
    started = time.monotonic()
    assert probe("tcp", "192.0.2.1", tcp, None, 0.5) in ("timeout", "refused")
    assert time.monotonic() - started < 5


def test_probe_command_prints_one_line_per_probe_in_order(listener: tuple[int, int]) -> None:
    tcp, udp = listener
    closed = _free_port(socket.SOCK_STREAM)
    specs = [f"udp,127.0.0.1,{udp}", f"tcp,127.0.0.1,{closed}", f"tcp,127.0.0.1,{tcp},127.0.0.1"]
    out = subprocess.run(
        [sys.executable, str(PORTCHECK), "probe", *specs],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout.splitlines()
    assert out == [f"{specs[0]} open", f"{specs[1]} refused", f"{specs[2]} open"]


def test_ports_of_every_service_a_shipped_config_names() -> None:
    devices = inventory_devices(str(INVENTORIES / "monitoring.yml"))
    hub = next(d for d in devices if d.hostname == "hq-hub1")
    ports = {(s.kind, service_port(hub, s.kind, s.line)) for s in route_facts(hub).services}
    assert ports == {
        ("ntp server", ("udp", 123)),
        ("syslog host", ("udp", 514)),
        ("snmp trap receiver", ("udp", 162)),
        ("netflow collector", ("udp", 2055)),  # the exporter's 'transport udp 2055'
    }


CONFIG = """hostname r1
logging host 10.9.0.1 transport tcp port 6514
logging host 10.9.0.2 transport tcp
snmp-server host 10.9.0.3 version 2c public udp-port 1162
tacacs server T1
 address ipv4 10.9.0.4
 port 4949
tacacs server T2
 address ipv4 10.9.0.5
radius server R1
 address ipv4 10.9.0.6 auth-port 1812 acct-port 1813
radius server R2
 address ipv4 10.9.0.7
ip name-server 10.9.0.8
ip access-list standard VTY
 deny 10.1.0.99
 permit 10.1.0.0 0.0.0.255
line vty 0 4
 access-class VTY in
"""


def test_ports_from_the_commands_options_and_ios_defaults() -> None:
    device = parse_config(CONFIG, "r1.cfg")
    ports = {
        str(s.address): service_port(device, s.kind, s.line) for s in route_facts(device).services
    }
    assert ports == {
        "10.9.0.1": ("tcp", 6514),
        "10.9.0.2": ("tcp", 601),
        "10.9.0.3": ("udp", 1162),
        "10.9.0.4": ("tcp", 4949),
        "10.9.0.5": ("tcp", 49),
        "10.9.0.6": ("udp", 1812),
        "10.9.0.7": ("udp", 1645),
        "10.9.0.8": ("udp", 53),
    }
    vty = vty_access(device)
    assert vty.acl == "VTY"
    assert vty.permits(IPv4Address("10.1.0.5"))
    assert not vty.permits(IPv4Address("10.1.0.99"))  # the deny before the permit
    assert not vty.permits(IPv4Address("10.11.0.254"))  # the implicit deny


def test_shipped_vty_access_class_admits_the_noc_lans_only() -> None:
    devices = inventory_devices(str(INVENTORIES / "phase3-dual-hub-ibgp.yml"))
    for device in devices:
        vty = vty_access(device)
        assert vty.acl == "SSH-ACCESS"
        assert vty.permits(IPv4Address("10.1.0.254")) and vty.permits(IPv4Address("10.2.0.254"))
        assert not vty.permits(IPv4Address("10.11.0.254"))


def test_a_probe_process_cut_short_still_reports_what_it_found(listener: tuple[int, int]) -> None:
    """Each line is printed as its probe is done: a process the guest ends at its time limit
    (as a loaded TCG guest's can be) still tells the probes that finished."""
    tcp, _ = listener
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:  # bound, never answers
        silent.bind(("127.0.0.1", 0))
        specs = [f"tcp,127.0.0.1,{tcp}", f"udp,127.0.0.1,{silent.getsockname()[1]}"]
        proc = subprocess.Popen(
            [sys.executable, str(PORTCHECK), "probe", "--timeout", "30", *specs],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # the TCP probe's line, while the UDP one still waits
        proc.kill()
        proc.wait()
    assert first == f"{specs[0]} open\n"


def test_probes_unreported_by_their_process_say_why() -> None:
    """One process sends every probe, each named by its namespace; a probe it printed nothing
    for is 'no answer' with the process's exit status and last error line, the probes it did
    print keep their outcome."""
    inventory = INVENTORIES / "monitoring.yml"
    plan, _, _ = predict_and_place(inventory, *load(inventory))
    answers = iter([(124, ""), (1, "Traceback ...\nOSError: boom")])
    sent: list[tuple[list[str], float]] = []

    class FakeVm:
        def run(self, cmds: list[str], timeout: float = 60) -> list[GuestResult]:
            sent.append((cmds, timeout))
            specs = cmds[0].split(" probe ")[1].split()
            rc, err = next(answers)
            return [GuestResult(rc, f"{specs[0]} open\n", err)]

    for ended in ("ended at the 60 s limit", "exit 1: OSError: boom"):
        checks = port_probes(FakeVm(), plan, list(plan.hosts), 0.0, "reach")  # type: ignore[arg-type]
        details = [c.detail for c in checks]
        assert sum(d.endswith(": open") for d in details) == 1
        assert all(
            d.endswith(": open") or f"no answer (probe process {ended})" in d for d in details
        )
    cmds, timeout = sent[0]
    assert len(cmds) == 1 and timeout == 60.0  # one process, given at least a minute
    specs = cmds[0].split(" probe ")[1].split()
    hosts = {h.ns for h in plan.hosts}
    # SSH from each LAN host's namespace, the services from the routers'
    assert {s.split(":")[0] for s in specs if s.endswith(",22")} == hosts
    assert any(s.startswith("hq-hub1:udp,") for s in specs)


@pytest.fixture()
def netns() -> Iterator[str]:
    """A network namespace of its own (``ip netns``), as the lab's routers and hosts are."""
    name = f"dmvpngen-test-{os.getpid()}"
    made = subprocess.run(["ip", "netns", "add", name], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot make a network namespace here: {made.stderr.decode().strip()}")
    try:
        subprocess.run(["ip", "-n", name, "link", "set", "lo", "up"], check=True)
        yield name
    finally:
        subprocess.run(["ip", "netns", "del", name], check=False)


def test_one_process_probes_from_each_named_namespace(netns: str) -> None:
    """A probe naming a namespace is sent from inside it: the listener there answers, the
    same port in this namespace is closed; an unknown namespace is an error, not a crash."""
    tcp = _free_port(socket.SOCK_STREAM)
    cmd = [sys.executable, "-I", "-S", str(PORTCHECK)]
    proc = subprocess.Popen(
        ["ip", "netns", "exec", netns, *cmd, "serve", "--tcp", str(tcp)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "listening"
        specs = [
            f"{netns}:tcp,127.0.0.1,{tcp}",
            f"{netns}:tcp,::1,{tcp}",  # an IPv6 address's colons after the namespace's
            f"tcp,127.0.0.1,{tcp}",
            f"no-such-ns:tcp,127.0.0.1,{tcp}",
        ]
        out = subprocess.run(
            [*cmd, "probe", *specs], capture_output=True, text=True, check=True, timeout=60
        ).stdout.splitlines()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert out == [
        f"{specs[0]} open",
        f"{specs[1]} open",
        f"{specs[2]} refused",
        f"{specs[3]} error (No such file or directory)",
    ]
