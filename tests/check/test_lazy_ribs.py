"""A failover case builds a router's RIB when its traces first read it (``compute(lazy=True)``):
every RIB so built equals the one the eager computation builds, routes and equal-cost paths, on
networks with hub and ISP cases, equal-cost paths, summaries and static routes; the base
network's RIBs are all built."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.check.engine import collect_files, load_devices
from dmvpngen.routes import compute

HERE = Path(__file__).resolve().parent
NETWORKS = [
    HERE.parent / "golden" / "examples" / "dual-isp-fvrf-ibgp",
    HERE / "corpus" / "carlbuchmann-iwan-dualcloud",
    HERE / "routes_fixtures" / "eigrp-summary-blackhole",
    HERE / "routes_fixtures" / "failover-ecmp-blackhole",
    HERE / "routes_fixtures" / "ecmp-branch-blackhole",
    HERE / "routes_fixtures" / "static-null0-service",
]


@pytest.mark.parametrize("path", NETWORKS, ids=[p.name for p in NETWORKS])
def test_lazy_ribs_equal_eager_ones(path: Path) -> None:
    devices = load_devices(collect_files([str(path)]))
    cases = [None, *({d.hostname} for d in devices)]  # the whole network, then each router down
    for gone in cases:
        rest = [d for d in devices if gone is None or d.hostname not in gone]
        eager = compute(rest)
        lazy = compute(rest, lazy=True)
        assert lazy.tables == eager.tables
        for name in sorted(eager.ribs):
            got, want = lazy.ribs[name], eager.ribs[name]
            assert (got.tables, got.multi) == (want.tables, want.multi), (gone, name)
            for vrf, table in want.tables.items():
                for prefix in table:  # the frozen index answers as the eager one does
                    address = prefix.network_address
                    assert got.lookup(vrf, address) == want.lookup(vrf, address)
        with pytest.raises(KeyError):
            lazy.ribs["no-such-router"]


def test_the_base_network_builds_every_rib() -> None:
    devices = load_devices(collect_files([str(NETWORKS[0])]))
    net = compute(devices)
    assert set(net.ribs) == {d.hostname for d in devices}
