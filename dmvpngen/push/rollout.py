"""Rollout order: hubs one at a time, one canary spoke, then waves of spokes in parallel,
stopping when the failure budget is spent."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

from dmvpngen.push.interrupt import Interrupt
from dmvpngen.push.model import ConfigState, DeviceResult, DeviceStatus, PushReport, Target

__all__ = ["Worker", "rollout", "run_parallel", "skipped"]

Worker = Callable[[Target], DeviceResult]


def skipped(target: Target, reason: str) -> DeviceResult:
    """Result of a device the rollout never reached."""
    return DeviceResult(
        hostname=target.hostname,
        role=target.role,
        status=DeviceStatus.SKIPPED,
        config_state=ConfigState.OLD,
        error=reason,
    )


def run_parallel(targets: Sequence[Target], worker: Worker, concurrency: int) -> list[DeviceResult]:
    """Run ``worker`` on every target with at most ``concurrency`` threads; input order kept.

    The calling thread only waits, in short slices, so a signal handler (which Python runs in
    the main thread) is never held up by a router's slow answer.
    """
    if not targets:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(targets)))) as pool:
        futures = [pool.submit(worker, t) for t in targets]
        pending = set(futures)
        while pending:
            _, pending = wait(pending, timeout=0.1, return_when=FIRST_EXCEPTION)
        return [f.result() for f in futures]


def rollout(
    targets: Sequence[Target],
    worker: Worker,
    *,
    concurrency: int,
    max_failures: int,
    announce: Callable[[str], None] | None = None,
    interrupt: Interrupt | None = None,
) -> PushReport:
    """Push in the safe order and stop early; every target gets a result, in input order.

    A failed hub or canary stops the rollout whatever the budget: spokes must not move onto a
    change that already broke the network's centre or its first branch.
    """
    results: dict[str, DeviceResult] = {}
    hubs = [t for t in targets if t.role == "hub"]
    spokes = [t for t in targets if t.role != "hub"]
    stop = ""
    failures = 0
    say = announce or (lambda _m: None)
    signals = interrupt or Interrupt()

    for hub in hubs:
        if signals.stopping:
            break
        say(f"hub {hub.hostname}")
        [result] = run_parallel([hub], worker, 1)
        results[hub.hostname] = result
        if result.failed:
            failures += 1
            stop = f"hub {hub.hostname} {result.status.value}"
            break

    if not stop and spokes and not signals.stopping:
        canary, rest = spokes[0], spokes[1:]
        say(f"canary spoke {canary.hostname}")
        [result] = run_parallel([canary], worker, 1)
        results[canary.hostname] = result
        if result.failed:
            failures += 1
            stop = f"canary {canary.hostname} {result.status.value}"
        size = max(1, concurrency)
        waves = (len(rest) + size - 1) // size
        for start in range(0, len(rest), size):
            if stop or signals.stopping:
                break
            say(f"wave {start // size + 1}/{waves}: {len(rest[start : start + size])} spokes")
            for res in run_parallel(rest[start : start + size], worker, size):
                results[res.hostname] = res
                failures += res.failed
            if failures > max_failures:
                stop = f"{failures} failure(s) exceed --max-failures {max_failures}"

    if signals.stopping:
        stop = f"interrupted by {signals.signal_name}" + (f" ({stop})" if stop else "")
    devices = [results.get(t.hostname) or skipped(t, f"not attempted: {stop}") for t in targets]
    return PushReport(
        commit=True,
        stopped=bool(stop),
        stop_reason=stop,
        interrupted=signals.signal_name if signals.stopping else "",
        devices=devices,
    )
