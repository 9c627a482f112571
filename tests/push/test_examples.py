"""Every shipped example inventory: the remediation from a blank router brings it to its
rendered config in one pass (on the simulated IOS CLI, in-process), a second pass is empty, and
the verification checks pass once every router is configured, the IPv6 ones (IPv6-only and
dual-stack overlays) included."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.pipeline import build_network
from dmvpngen.push.diff import compute_plan, send_commands
from dmvpngen.push.model import Target
from dmvpngen.push.verify import expectations, run_checks
from tests.fakeios.router import FakeNetwork
from tests.fakeios.shell import INVALID, IOSShell

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "inventories").glob("*.yml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_converges_and_verifies(example: Path) -> None:
    net = build_network(example)
    targets = [
        Target(name, rc.role, rc.platform.value, "127.0.0.1", 22, rc.text)
        for name, rc in net.configs.items()
    ]
    fake = FakeNetwork()
    for target in targets:
        router = fake.add(target.hostname, f"hostname {target.hostname}\n")
        shell = IOSShell(router)
        plan = compute_plan(router.show_running(), target.intended, platform=target.platform)
        assert not plan.empty
        shell.handle("configure terminal")
        for command in send_commands(plan):
            assert INVALID not in shell.handle(command), (target.hostname, command)
        shell.handle("end")
        again = compute_plan(router.show_running(), target.intended, platform=target.platform)
        assert again.empty, (target.hostname, again.diff[:10])
    wanted = expectations(targets)
    for target in targets:
        exp = wanted[target.hostname]
        v6 = exp.v6.peers or exp.v6.nhs if exp.v6 is not None else ()
        # every router has peers to judge: over NHRP for IPv4, for IPv6, or both
        assert exp.peers or exp.nhs or v6, target.hostname
        assert exp.ipv4 == ("ipv6-only" not in example.stem), target.hostname
        checks = run_checks(IOSShell(fake.routers[target.hostname]).handle, exp)
        assert all(c.ok for c in checks), (target.hostname, checks)
        names = {c.name for c in checks}
        if v6:  # the IPv6 half is judged, not skipped: registrations and adjacencies
            assert names & {"dmvpn-ipv6-peers", "nhs-ipv6-up"}, (target.hostname, names)
            assert any(n.endswith("-ipv6-neighbours") for n in names), (target.hostname, names)
