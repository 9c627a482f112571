"""Benchmark: commit a DMVPN config to N simulated routers with different --concurrency.

The simulated routers (real SSH servers on 127.0.0.1) run in a child process so the SSH
crypto of servers and clients do not share one interpreter. Every run starts from fresh base
configs, so every router really changes. Not a test: run it by hand.

    python bench/bench_push.py [--routers 50] [--concurrency 1 10 50]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dmvpngen.push import Credentials, Target, push
from tests.push.netgen import PASSWORD, hub_config, spoke_config


def _serve(routers: int, folder: str, ready: mp.Queue, stop: mp.Event) -> None:  # type: ignore[type-arg]
    from tests.fakeios import FakeLab
    from tests.push.netgen import build

    with FakeLab(password=PASSWORD) as lab:
        net = build(lab, Path(folder), spokes=routers - 1)
        ready.put([(t.hostname, t.role, t.port) for t in net.targets])
        stop.wait()


def _targets(ports: list[tuple[str, str, int]]) -> list[Target]:
    out = []
    for i, (name, role, port) in enumerate(ports):
        config = hub_config() if role == "hub" else spoke_config(i)
        out.append(Target(name, role, "iosxe", "127.0.0.1", port, config))
    return out


def _run(routers: int, concurrency: int, only_first: bool = False) -> tuple[float, float]:
    """(total seconds, seconds of the parallel spoke waves after hub and canary)."""
    from tests.push.netgen import Net, options

    ctx = mp.get_context("spawn")
    ready, stop = ctx.Queue(), ctx.Event()
    with tempfile.TemporaryDirectory() as folder:
        child = ctx.Process(target=_serve, args=(routers, folder, ready, stop))
        child.start()
        try:
            targets = _targets(ready.get(timeout=60))
            net = Net(lab=None, targets=targets, known_hosts=Path(folder) / "known_hosts")  # type: ignore[arg-type]
            opts = options(
                net, Path(folder), commit=True, concurrency=concurrency, max_failures=routers
            )
            chosen = targets[:1] if only_first else targets
            done: list[float] = []

            def progress(_host: str, message: str) -> None:
                if message.startswith("done: "):
                    done.append(time.monotonic())

            start = time.monotonic()
            report = push(chosen, opts, Credentials("netops", PASSWORD), progress=progress)
            elapsed = time.monotonic() - start
            done.sort()
            waves = done[-1] - done[1] if len(done) > 2 else 0.0
            bad = [d.hostname for d in report.devices if d.status.value != "changed"]
            if bad:
                raise SystemExit(f"push failed on {bad}")
            return elapsed, waves
        finally:
            stop.set()
            child.join(timeout=30)


def main() -> None:
    """Run and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routers", type=int, default=50)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10, 50])
    args = parser.parse_args()
    single, _ = _run(2, 1, only_first=True)
    print(f"one router (hub, alone): {single:6.2f} s")
    base = None
    for conc in args.concurrency:
        took, waves = _run(args.routers, conc)
        base = base or took
        print(
            f"{args.routers} routers, concurrency {conc:>3}: total {took:6.2f} s "
            f"(speed-up x{base / took:4.1f}, {took / single:4.1f}x one router); "
            f"spoke waves after hub+canary {waves:6.2f} s ({waves / single:4.1f}x one router)"
        )


if __name__ == "__main__":
    main()
