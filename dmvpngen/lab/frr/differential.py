"""Hold ``check``'s prediction against what the lab observed.

``check`` reads the rendered configs and predicts, per hub and spoke, whether NHRP, IKE and the
routing adjacency form, per spoke pair the forwarding class (direct, via-hub, blocked,
broken), and per router whether each service address its config names is reached (no
NET060-062 finding at the line that names it). The lab observes the same things on running
routers. Every outcome both sides state is compared; a disagreement is a failed check. Kinds
or classes only one side knows (a future ``check`` that predicts more, a lab that observes
less) are skipped, so either side can grow.
"""

from __future__ import annotations

from typing import Any

from dmvpngen.lab.frr.plan import LabPlan
from dmvpngen.lab.frr.ports import VtyAccess, vty_access
from dmvpngen.lab.frr.probes import transport_label
from dmvpngen.lab.frr.prove import Observed
from dmvpngen.lab.frr.services import LabService, config_services
from dmvpngen.lab.health import Check

__all__ = ["Prediction", "compare", "localize", "predict", "predict_inventory"]

# (link outcomes, spoke pair classes, the services the configs name, each router's vty access)
Prediction = tuple[
    dict[tuple[str, frozenset[str]], bool],
    dict[tuple[str, str, str], str],
    list[LabService],
    dict[str, VtyAccess],
]


def predict(check_json: dict[str, Any]) -> Prediction:
    """From ``check``'s JSON contract: link outcomes by (kind, {router, router}) and the
    promised class of every spoke pair by (cloud subnet, a, b) with a < b (check names a cloud
    from its tunnels; the subnet is what both sides share)."""
    links: dict[tuple[str, frozenset[str]], bool] = {}
    pairs: dict[tuple[str, str, str], str] = {}
    for cloud in check_json.get("clouds", []):
        for link in cloud.get("links", []):
            state = link.get("state")
            if state in ("ok", "fails"):
                links[(link["kind"], frozenset((link["a"], link["b"])))] = state == "ok"
        for cls in cloud.get("forwarding", {}).get("classes", []):
            for a in cls.get("a", []):
                for b in cls.get("b", []):
                    if a != b:
                        x, y = sorted((a, b))
                        pairs[(cloud["subnet"], x, y)] = cls["result"]
    return links, pairs, [], {}


def predict_inventory(path: str) -> Prediction:
    """Run ``check`` on the inventory's rendered configs and read its prediction, with every
    service address the configs name."""
    from dmvpngen.check.engine import check_devices, inventory_devices

    devices = inventory_devices(path)
    result = check_devices(devices)
    links, pairs, _, _ = predict(result.as_dict())
    vty = {d.hostname: vty_access(d) for d in devices}
    return links, pairs, config_services(devices, result.findings), vty


def localize(prediction: Prediction, plan: LabPlan) -> Prediction:
    """The prediction with each cloud subnet replaced by the inventory's cloud name."""
    names = {str(t.subnet): t.cloud for r in plan.routers for t in r.tunnels}
    links, pairs, services, vty = prediction
    return links, {(names.get(c, c), a, b): v for (c, a, b), v in pairs.items()}, services, vty


def _agree(router: str, what: str, said: bool, seen: bool, words: tuple[str, ...]) -> Check:
    """A yes/no outcome both sides state; ``words``: check's yes and no, the lab's yes and no."""
    return Check(
        router=router,
        check=f"check vs lab: {what}",
        ok=said == seen,
        detail=f"check: {words[0] if said else words[1]}, lab: {words[2] if seen else words[3]}",
    )


def compare(prediction: Prediction, observed: Observed) -> list[Check]:
    """One check per outcome both sides state; ``ok`` when they agree."""
    links, pairs, services, _ = prediction
    checks = []
    for (kind, hub, spoke), seen in sorted(observed.links.items()):
        key = (kind, frozenset((hub, spoke)))
        if key in links:
            words = ("forms", "fails", "up", "down")
            checks.append(_agree(spoke, f"{kind} with {hub}", links[key], seen, words))
    for path in observed.paths:
        x, y = sorted((path.a, path.b))
        said_path = pairs.get((path.cloud, x, y))
        # check predicts the IPv4 overlay's paths: an IPv6 path is judged by the proof alone
        if said_path is None or path.result == "untested" or path.family != "ipv4":
            continue
        checks.append(
            Check(
                router=f"{x} <-> {y}",
                check=f"check vs lab: path in {path.cloud}",
                ok=said_path == path.result,
                detail=f"check: {said_path}, lab: {path.result} ({path.detail})",
            )
        )
    # a service's ICMP probe and its TCP/UDP probe are each held against check's answer
    said_reach = {(s.router, s.label): s.reaches for s in services}
    said_reach |= {(s.router, transport_label(s)): s.reaches for s in services if s.transport}
    for (router, label), reached in sorted(observed.services.items()):
        if (router, label) in said_reach:
            words = ("reaches", "fails", "reached", "no reply")
            checks.append(
                _agree(router, f"service {label}", said_reach[(router, label)], reached, words)
            )
    return checks
