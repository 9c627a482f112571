"""Benchmark: ``dmvpngen generate`` on a 2,000-spoke inventory, timed as a whole process.

Prints configs per second (target on a 2-core machine: at least 1,000/s) and where the time goes
in-process (load, validate, render with its type 9 hashes on a thread pool and in one thread,
render for analysis with the hashes deferred, the routing validation, write). Not a test:
machines are shared and noisy, so read the ratios, and run it a few times.

    python bench/bench_generate.py [--spokes 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.matrix import matrix_inventory, write_inventory


def build(directory: Path, spokes: int) -> Path:
    data = matrix_inventory(3, "eigrp", 2, spokes=0)
    data["clouds"][0]["subnet"] = "10.128.0.0/16"
    data["spokes"] = [
        {
            "name": f"branch-{n:05d}",
            "id": 100 + n,
            "wan": {"interface": "GigabitEthernet1", "dhcp": True},
            "lan": [
                {
                    "interface": "GigabitEthernet2",
                    "address": f"10.{64 + n // 256}.{n % 256}.1/24",
                }
            ],
        }
        for n in range(spokes)
    ]
    return write_inventory(directory, data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spokes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    exe = shutil.which("dmvpngen") or f"{sys.executable} -m dmvpngen"
    with tempfile.TemporaryDirectory() as tmp:
        inv = build(Path(tmp), args.spokes)
        routers = args.spokes + 2
        size = inv.stat().st_size
        times = []
        for run in range(args.runs):
            out = Path(tmp) / f"out{run}"
            start = time.perf_counter()
            subprocess.run(
                [*exe.split(), "generate", str(inv), "-o", str(out)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            times.append(time.perf_counter() - start)
        best, median = min(times), statistics.median(times)
        print(f"inventory: {routers} routers, {size / 1024:.0f} KiB of YAML")
        print(f"whole process: best {best:.2f} s, median {median:.2f} s over {args.runs} runs")
        print(f"throughput: {routers / best:.0f} configs/s (best), {routers / median:.0f} (median)")
        print(
            f"target 1000 configs/s: {'met' if routers / median >= 1000 else 'NOT met'}"
            f" (ratio {routers / median / 1000:.2f})"
        )
        startup = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([*exe.split(), "--help"], check=True, stdout=subprocess.DEVNULL)
            startup.append(time.perf_counter() - start)
        print(f"start-up (--help): {min(startup) * 1000:.0f} ms")

        from dmvpngen.model.loader import load_inventory
        from dmvpngen.pipeline import load_and_validate
        from dmvpngen.render import render_for_analysis, render_inventory
        from dmvpngen.validate import validate_inventory
        from dmvpngen.validate.routed import check_routing
        from dmvpngen.writer import write_configs

        t0 = time.perf_counter()
        loaded = load_inventory(inv)
        t1 = time.perf_counter()
        validate_inventory(loaded)
        t2 = time.perf_counter()
        _, secrets, _ = load_and_validate(inv)
        t3 = time.perf_counter()
        configs = render_inventory(loaded.inventory, secrets)
        t4 = time.perf_counter()
        write_configs(configs, Path(tmp) / "split")
        t5 = time.perf_counter()
        total = t5 - t0
        for name, span in (
            ("load", t1 - t0),
            ("validate", t2 - t1),
            ("load+validate+secrets", t3 - t2),
            ("render", t4 - t3),
            ("write", t5 - t4),
        ):
            print(f"  {name:24s} {span * 1000:8.0f} ms  {span / total:6.1%}")
        # the pool bypasses type9_hash's cache, so the serial run below hashes everything too
        t6 = time.perf_counter()
        serial = render_inventory(loaded.inventory, secrets, hash_workers=1)
        t7 = time.perf_counter()
        render_for_analysis(loaded.inventory, secrets)
        t8 = time.perf_counter()
        check_routing(loaded, secrets)
        t9 = time.perf_counter()
        assert [c.text for c in serial] == [c.text for c in configs], "pool changed a config"
        print(f"  render, hashes in one thread   {(t7 - t6) * 1000:8.0f} ms")
        print(f"  render for analysis (deferred) {(t8 - t7) * 1000:8.0f} ms")
        print(f"  validate's routing check       {(t9 - t8) * 1000:8.0f} ms")
        lines = sum(c.text.count("\n") for c in configs)
        print(f"rendered {lines} lines ({lines / (t4 - t3):.0f} lines/s); yaml {yaml.__version__}")


if __name__ == "__main__":
    main()
