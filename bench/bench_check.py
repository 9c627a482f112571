"""Benchmark ``dmvpngen check`` on generated networks of 250 to 2,000 spokes (not a test).

    python bench/bench_check.py [--sizes 250,500,1000,2000] [--hubs 2]

For each size a phase 3 EIGRP inventory (two hubs, one cloud) is rendered in memory, then the
configs are parsed and checked. Prints the time of each stage and how the check time grows from
one size to the next (2x spokes and ~2x time: linear; ~4x would mean the spoke x spoke analysis
went quadratic). Times are CPU seconds of this process and of the worker it forks for failover
cases at 500 routers and more (the machine may be shared).
"analyse" includes the routing model (RIBs, every service and site LAN flow, each hub down);
"routes s" times one routing fixpoint plus all site LAN flows on their own.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from ipaddress import IPv4Address
from pathlib import Path

import yaml


def inventory(spokes: int, hubs: int) -> dict[str, object]:
    """A phase 3 EIGRP network with ``hubs`` hubs and ``spokes`` spokes, all addresses unique."""
    hub_docs = [
        {
            "name": f"hub{h}",
            "id": h,
            "wan": {
                "interface": "GigabitEthernet1",
                "address": f"203.0.113.{4 * h + 2}/30",
                "gateway": f"203.0.113.{4 * h + 1}",
            },
            "lan": [{"interface": "GigabitEthernet2", "address": f"10.{h}.0.1/24"}],
        }
        for h in range(1, hubs + 1)
    ]
    spoke_docs = []
    for i in range(spokes):
        wan = IPv4Address("100.64.0.0") + 4 * i
        spoke_docs.append(
            {
                "name": f"spoke{i:04d}",
                "id": 100 + i,
                "wan": {
                    "interface": "GigabitEthernet1",
                    "address": f"{wan + 2}/30",
                    "gateway": str(wan + 1),
                },
                "lan": [
                    {
                        "interface": "GigabitEthernet2",
                        "address": f"172.{16 + i // 256}.{i % 256}.1/24",
                    }
                ],
            }
        )
    return {
        "name": f"bench-{spokes}",
        "secrets_file": "bench.secrets.yml",
        "management": {
            "users": [{"name": "netadmin", "secret": "secret:admin_secret"}],
            "ssh_allowed": ["10.1.0.0/24"],
        },
        "crypto_profiles": {"default": {"psk": "secret:psk"}},
        "routing": {
            "protocol": "eigrp",
            "as": 100,
            "no_authentication": "benchmark network, never deployed",
        },
        "clouds": [
            {
                "name": "DMVPN-1",
                "tunnel": 100,
                "subnet": "10.128.0.0/20",
                "network_id": 100,
                "tunnel_key": 100,
                "phase": 3,
                "summary": ["172.16.0.0/12"],
            }
        ],
        "hubs": hub_docs,
        "spokes": spoke_docs,
    }


def cpu() -> float:
    """CPU seconds of this process and of its finished worker processes."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def run(spokes: int, hubs: int, workdir: Path) -> dict[str, float]:
    """Render, parse and check one network; returns seconds per stage."""
    from dmvpngen.check.engine import check_devices
    from dmvpngen.parse import parse_config
    from dmvpngen.pipeline import build_network

    path = workdir / f"bench-{spokes}.yml"
    path.write_text(yaml.safe_dump(inventory(spokes, hubs), sort_keys=False))
    (workdir / "bench.secrets.yml").write_text(
        yaml.safe_dump({"psk": "Bench-Only-PSK-0123456789", "admin_secret": "Bench-Only-1"})
    )
    t0 = cpu()
    net = build_network(path)
    t1 = cpu()
    devices = [parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()]
    t2 = cpu()
    result = check_devices(devices)
    t3 = cpu()
    from dmvpngen.routes import compute
    from dmvpngen.routes.flows import lan_traces

    net_routes = compute(devices)
    lan = lan_traces(net_routes)
    t4 = cpu()
    # the two hubs have no link between them (not part of this network): spoke LANs only
    spoke_flows = [f for (_src, dst), f in lan.items() if dst.startswith("spoke")]
    assert all(f.trace.ok for f in spoke_flows), "every spoke LAN reaches every other"
    (cloud,) = result.clouds
    assert len(cloud.spokes) == spokes, "every spoke must be found"
    assert cloud.counts()["direct"] == spokes * (spokes - 1) // 2, cloud.counts()
    high = [f for f in result.findings if f.severity in {"high", "critical"}]
    assert not high, high[:3]
    return {"render": t1 - t0, "parse": t2 - t1, "analyse": t3 - t2, "routes": t4 - t3}


def main() -> None:
    """Run the sizes and print a table."""
    parser = argparse.ArgumentParser(description="benchmark dmvpngen check")
    parser.add_argument("--sizes", default="250,500,1000,2000")
    parser.add_argument("--hubs", type=int, default=2)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    head = ("spokes", "render s", "parse s", "analyse s", "routes s", "check s", "growth")
    print("{:>7} {:>9} {:>8} {:>10} {:>9} {:>8} {:>7}".format(*head))
    previous: float | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            t = run(n, args.hubs, Path(tmp))
            check = t["parse"] + t["analyse"]
            growth = f"{check / previous:.2f}x" if previous else "-"
            row = (n, t["render"], t["parse"], t["analyse"], t["routes"], check, growth)
            print("{:>7} {:>9.2f} {:>8.2f} {:>10.3f} {:>9.3f} {:>8.2f} {:>7}".format(*row))
            previous = check


if __name__ == "__main__":
    main()
