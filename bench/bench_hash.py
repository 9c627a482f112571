"""Benchmark: type 9 (scrypt) hashing of one network's login secrets, serial against a pool.

CPython releases the GIL around ``EVP_PBE_scrypt``, so threads can hash in parallel; this
measures it against worker processes, on the jobs a network of ``--routers`` routers needs (an
enable secret and one user per router). Not a test: read the ratios, and run it a few times.

    python bench/bench_hash.py [--routers 500] [--workers 2]
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dmvpngen.render.passwords import type9_hash


def _one(job: tuple[str, str]) -> str:
    return type9_hash.__wrapped__(*job)


def _timed(label: str, jobs: list[tuple[str, str]], pool: Executor | None) -> list[str]:
    start = time.perf_counter()
    if pool is None:
        out = [_one(j) for j in jobs]
    else:
        with pool:
            out = list(pool.map(_one, jobs, chunksize=max(1, len(jobs) // 64)))
    span = time.perf_counter() - start
    print(f"  {label:22s} {span:7.2f} s  {len(jobs) / span:7.0f} hashes/s")
    return out


def gil_share() -> float:
    """How much of a pure-Python loop's speed is left beside a thread hashing non-stop."""

    def spin(seconds: float) -> int:
        n, end = 0, time.perf_counter() + seconds
        while time.perf_counter() < end:
            n += 1
        return n

    alone = spin(0.5)
    stop = threading.Event()

    def hashing() -> None:
        while not stop.is_set():
            _one(("x", "y"))

    worker = threading.Thread(target=hashing)
    worker.start()
    beside = spin(0.5)
    stop.set()
    worker.join()
    return beside / alone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routers", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    jobs = [
        (s, f"{who}@r{n}")
        for n in range(args.routers)
        for who, s in (("enable", "e"), ("admin", "a"))
    ]
    print(f"{len(jobs)} type 9 hashes ({args.routers} routers, enable secret + one user)")
    serial = _timed("serial", jobs, None)
    threads = _timed(f"{args.workers} threads", jobs, ThreadPoolExecutor(args.workers))
    procs = _timed(f"{args.workers} processes", jobs, ProcessPoolExecutor(args.workers))
    assert serial == threads == procs, "a pool changed a hash"
    print(f"  python loop beside a hashing thread: {gil_share():.0%} of its speed alone")


if __name__ == "__main__":
    main()
