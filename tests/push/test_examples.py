"""Every shipped example inventory: the remediation from a blank router brings it to its
rendered config in one pass (on the simulated IOS CLI, in-process), a second pass is empty, and
the verification checks pass once every router is configured."""

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
    if "ipv6-only" in example.stem:
        # verification reads IPv4 NHRP and neighbour tables: push refuses these up front
        # (tests/test_ipv6_only.py); the rendered configs still apply cleanly, as above
        assert all(not e.peers and not e.nhs for e in expectations(targets).values())
        return
    wanted = expectations(targets)
    for target in targets:
        exp = wanted[target.hostname]
        assert exp.peers or exp.nhs, target.hostname
        checks = run_checks(IOSShell(fake.routers[target.hostname]).handle, exp)
        assert all(c.ok for c in checks), (target.hostname, checks)
