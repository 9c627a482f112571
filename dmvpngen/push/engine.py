"""Entry points: push and verify a list of targets, and build targets from an inventory."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from dmvpngen.errors import UsageError
from dmvpngen.masking import Masker
from dmvpngen.push.checkup import verify_device
from dmvpngen.push.credentials import Credentials
from dmvpngen.push.device import Progress, push_device
from dmvpngen.push.model import PushOptions, PushReport, Target, new_run_id
from dmvpngen.push.rollout import rollout, run_parallel, skipped
from dmvpngen.push.verify import expectations

__all__ = ["load_targets", "push", "select", "targets_from_network", "verify"]


def select(targets: Sequence[Target], only: Iterable[str] | None) -> list[Target]:
    """The targets named in ``only`` (all when None); unknown names are a usage error."""
    if only is None:
        return list(targets)
    wanted = {n.strip() for n in only if n.strip()}
    known = {t.hostname for t in targets}
    unknown = sorted(wanted - known)
    if unknown:
        raise UsageError(
            f"--only names routers not in the inventory: {', '.join(unknown)}",
            f"known routers: {', '.join(sorted(known))}",
        )
    return [t for t in targets if t.hostname in wanted]


def push(
    targets: Sequence[Target],
    opts: PushOptions,
    creds: Credentials,
    *,
    masker: Masker | None = None,
    only: Iterable[str] | None = None,
    progress: Progress | None = None,
) -> PushReport:
    """Dry-run (default) or commit the intended configs.

    Expectations come from the whole network even when ``only`` narrows the push, so a hub
    still knows every spoke it should see.
    """
    masker = (masker or Masker()).with_values([creds.password])
    opts = _with_run_id(opts)
    exp = expectations(targets)
    chosen = select(targets, only)

    def worker(target: Target) -> Any:
        result = push_device(target, opts, creds, exp[target.hostname], masker, progress)
        if progress is not None:
            progress(target.hostname, f"done: {result.status.value}")
        return result

    if not opts.commit:
        devices = run_parallel(chosen, worker, opts.concurrency)
        signal = opts.interrupt.signal_name if opts.interrupt.stopping else ""
        return PushReport(
            commit=False, mode="dry-run", run_id=opts.run_id, interrupted=signal, devices=devices
        )
    announce = None
    if progress is not None:
        note = progress

        def announce(message: str) -> None:
            note("", f"phase: {message}")

    report = rollout(
        chosen,
        worker,
        concurrency=opts.concurrency,
        max_failures=opts.max_failures,
        announce=announce,
        interrupt=opts.interrupt,
    )
    return report.model_copy(update={"run_id": opts.run_id})


def verify(
    targets: Sequence[Target],
    opts: PushOptions,
    creds: Credentials,
    *,
    masker: Masker | None = None,
    only: Iterable[str] | None = None,
) -> PushReport:
    """Run the checks on every (or the named) router without changing anything."""
    masker = (masker or Masker()).with_values([creds.password])
    opts = _with_run_id(opts)
    exp = expectations(targets)

    def worker(target: Target) -> Any:
        if opts.interrupt.stopping:
            return skipped(target, f"not checked: interrupted by {opts.interrupt.signal_name}")
        return verify_device(target, opts, creds, exp[target.hostname], masker)

    devices = run_parallel(select(targets, only), worker, opts.concurrency)
    signal = opts.interrupt.signal_name if opts.interrupt.stopping else ""
    return PushReport(
        commit=False, mode="verify", run_id=opts.run_id, interrupted=signal, devices=devices
    )


def _with_run_id(opts: PushOptions) -> PushOptions:
    """``opts`` with a fresh run id unless the caller chose one."""
    return opts if opts.run_id else dataclasses.replace(opts, run_id=new_run_id())


def _secret_values(secrets: Any) -> list[str]:
    values = getattr(secrets, "values", None)  # dmvpngen.secrets.SecretValues
    if isinstance(values, list):
        return [str(v) for v in values]
    if isinstance(secrets, dict):
        return [str(v) for v in secrets.values()]
    if isinstance(secrets, Iterable) and not isinstance(secrets, str):
        return [str(v) for v in secrets]
    return []


def _no_ssh_address(name: str, wan: Any) -> UsageError:
    """Why a router without 'access' or loopback cannot be reached, and what to add."""
    fix = f"add 'loopback: <address>' or 'access: {{host: <address or name>, port: 22}}' to {name}"
    if wan.ipv6_address is not None:
        # WAN-IN-V6 admits IKE, ESP and ICMPv6 only: the WAN's IPv6 address is no way in
        return UsageError(
            f"router {name} has no address push can reach: its WAN {wan.interface} is "
            f"IPv6-only ({wan.ipv6_address.ip}, which admits no SSH) and it has no loopback",
            f"{fix}; a loopback is reached over the overlay, 'access' names the address "
            "the management network reaches it by",
        )
    how = "PPPoE" if wan.pppoe is not None else "DHCP"
    return UsageError(
        f"router {name} has no address push can reach: its WAN {wan.interface} takes its "
        f"address by {how} and it has no loopback",
        fix,
    )


def _no_overlay_address(name: str) -> UsageError:
    """A router of an IPv6-only overlay with neither 'access' nor an IPv6 loopback."""
    return UsageError(
        f"router {name} has no address push can reach: in an IPv6-only overlay its vty lines "
        "admit SSH over IPv6 only (ssh_allowed_v6), and it has no 'loopback_ipv6'",
        f"add 'loopback_ipv6: <address>' or 'access: {{host: <address or name>, port: 22}}' "
        f"to {name}",
    )


def targets_from_network(net: Any) -> tuple[list[Target], Masker]:
    """Targets (inventory order: hubs, then spokes) and a masker of the resolved secrets.

    SSH goes to ``router.access`` when set, else the loopback (IPv4, else IPv6), else the
    WAN address; in an IPv6-only overlay never the WAN's IPv4 address, which the vty lines
    refuse (they admit ``ssh_allowed_v6`` only).
    """
    inventory = net.loaded.inventory
    routers = {r.name: r for r in [*inventory.hubs, *inventory.spokes]}
    targets = []
    for name, rendered in net.configs.items():
        router = routers[name]
        if router.access is not None:
            host, port = router.access.host, router.access.port
        elif router.loopback is not None:
            host, port = str(router.loopback), 22
        elif router.loopback_ipv6 is not None:
            host, port = str(router.loopback_ipv6), 22
        elif inventory.ipv6_only:
            raise _no_overlay_address(name)
        elif router.wan.address is not None:
            host, port = str(router.wan.address.ip), 22
        else:
            raise _no_ssh_address(name, router.wan)
        platform = getattr(rendered.platform, "value", str(rendered.platform))
        serial = router.serial or ""
        bits = inventory.management.ssh_key_bits
        targets.append(
            Target(name, rendered.role, platform, host, port, rendered.text, serial, bits)
        )
    return targets, Masker(_secret_values(net.secrets))


def load_targets(path: str) -> tuple[list[Target], Masker]:
    """Load, validate and render an inventory, and turn it into push targets."""
    try:
        from dmvpngen.pipeline import build_network
    except ImportError:
        raise UsageError(
            "this dmvpngen build cannot render inventories yet (dmvpngen.pipeline is missing)",
            "install a release that includes 'dmvpngen generate'",
        ) from None
    return targets_from_network(build_network(path))
