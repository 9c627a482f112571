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

from typing import Any, NamedTuple

from dmvpngen.lab.frr.paths import cross_label
from dmvpngen.lab.frr.plan import LabPlan
from dmvpngen.lab.frr.ports import VtyAccess, vty_access
from dmvpngen.lab.frr.probes import transport_label
from dmvpngen.lab.frr.prove import Observed
from dmvpngen.lab.frr.services import LabService, config_services
from dmvpngen.lab.health import Check

__all__ = [
    "INTER_CLOUD",
    "Prediction",
    "compare",
    "localize",
    "measured_pairs",
    "predict",
    "predict_inventory",
]

# the cloud key of a spoke pair across regions until ``localize`` names its two clouds
INTER_CLOUD = "inter-cloud"


class Prediction(NamedTuple):
    """What ``check`` says the lab will see."""

    links: dict[tuple[str, frozenset[str]], bool]  # (kind, {hub, spoke}) -> forms
    pairs: dict[tuple[str, str, str], str]  # (cloud, a, b) -> path class
    services: list[LabService]  # every service address the configs name
    vty: dict[str, VtyAccess]  # each router's vty access class
    # (hub cut off, "ipv4" | "ipv6") -> every flow that arrived still arrives
    failover: dict[tuple[str, str], bool]
    # (cloud, a, b) -> the number of check's forwarding class the pair belongs to in its cloud
    classes: dict[tuple[str, str, str], int]
    # (cloud, a, b) -> the IPv6 overlay's path class, in a dual-stack cloud
    pairs6: dict[tuple[str, str, str], str]


def _classes(
    cloud: dict[str, Any], key: str
) -> tuple[dict[tuple[str, str, str], str], dict[tuple[str, str, str], int]]:
    """A cloud's spoke pairs by (subnet, a, b) with a < b: their path class and the number of
    check's class they are in, from its ``forwarding`` (IPv4) or ``forwarding_ipv6``."""
    pairs: dict[tuple[str, str, str], str] = {}
    classes: dict[tuple[str, str, str], int] = {}
    for number, cls in enumerate((cloud.get(key) or {}).get("classes", [])):
        for a in cls.get("a", []):
            for b in cls.get("b", []):
                if a != b:
                    x, y = sorted((a, b))
                    pairs[(cloud["subnet"], x, y)] = cls["result"]
                    classes[(cloud["subnet"], x, y)] = number
    return pairs, classes


def _failover(routing: dict[str, Any]) -> dict[tuple[str, str], bool]:
    """Per hub case of check's routing model, IPv4 and (from its IPv6 view) IPv6: whether no
    flow is lost. An ISP case of check is one spoke's ISP, not the lab's whole ISP: skipped."""
    out = {}
    for family, view in (("ipv4", routing), ("ipv6", routing.get("ipv6") or {})):
        for case in view.get("failover", []):
            kind, _, name = str(case.get("down", "")).partition(" ")
            if kind == "hub" and name:
                out[(name, family)] = case.get("lost", 0) == 0
    return out


def predict(check_json: dict[str, Any]) -> Prediction:
    """From ``check``'s JSON contract: link outcomes by (kind, {router, router}), the
    promised class of every spoke pair by (cloud subnet, a, b) with a < b (check names a cloud
    from its tunnels; the subnet is what both sides share) and, per hub cut off and address
    family, whether every flow still arrives; in a dual-stack cloud the IPv6 pairs' classes
    too."""
    links: dict[tuple[str, frozenset[str]], bool] = {}
    pairs: dict[tuple[str, str, str], str] = {}
    classes: dict[tuple[str, str, str], int] = {}
    pairs6: dict[tuple[str, str, str], str] = {}
    for cloud in check_json.get("clouds", []):
        for link in cloud.get("links", []):
            state = link.get("state")
            if state in ("ok", "fails"):
                links[(link["kind"], frozenset((link["a"], link["b"])))] = state == "ok"
        four, numbers = _classes(cloud, "forwarding")
        pairs |= four
        classes |= numbers
        pairs6 |= _classes(cloud, "forwarding_ipv6")[0]
    # a hierarchy's spoke pairs across regions: keyed by INTER_CLOUD until ``localize``
    # names the two clouds (check names the classes by their spokes only)
    for number, cls in enumerate(check_json.get("inter_cloud") or []):
        for a in cls.get("a", []):
            for b in cls.get("b", []):
                x, y = sorted((a, b))
                pairs[(INTER_CLOUD, x, y)] = cls["result"]
                classes[(INTER_CLOUD, x, y)] = number
    failover = _failover(check_json.get("routing") or {})
    return Prediction(links, pairs, [], {}, failover, classes, pairs6)


def measured_pairs(
    prediction: Prediction, hubs: dict[str, frozenset[str]]
) -> dict[tuple[str, str, str], str]:
    """The spoke pairs the lab measures, with the class check promises: one pair per forwarding
    class of check and per set of hubs the two spokes register with (``hubs``: spoke -> its
    NHSs), the first by name. check puts pairs in one class when their configs make them
    forward alike; a pair of another class, or one served by other hubs, is measured on its
    own. Pairs check does not class are each measured."""
    chosen: dict[tuple[object, ...], tuple[str, str, str]] = {}
    for key in sorted(prediction.pairs):
        cloud, a, b = key
        number = prediction.classes.get(key)
        served = frozenset((hubs.get(a, frozenset()), hubs.get(b, frozenset())))
        group = (cloud, number, served) if number is not None else key
        chosen.setdefault(group, key)
    return {key: prediction.pairs[key] for key in sorted(chosen.values())}


def predict_inventory(path: str) -> Prediction:
    """Run ``check`` on the inventory's rendered configs and read its prediction, with every
    service address the configs name."""
    from dmvpngen.check.engine import check_devices, inventory_devices

    devices = inventory_devices(path)
    result = check_devices(devices)
    said = predict(result.as_dict())
    vty = {d.hostname: vty_access(d) for d in devices}
    return said._replace(services=config_services(devices, result.findings), vty=vty)


def localize(prediction: Prediction, plan: LabPlan) -> Prediction:
    """The prediction with each cloud subnet replaced by the inventory's cloud name, and each
    pair across clouds by the two clouds' (``paths.cross_label``)."""
    names = {str(t.subnet): t.cloud for r in plan.routers for t in r.tunnels}

    def name(cloud: str, a: str, b: str) -> str:
        return cross_label(plan, a, b) if cloud == INTER_CLOUD else names.get(cloud, cloud)

    pairs = {(name(c, a, b), a, b): v for (c, a, b), v in prediction.pairs.items()}
    classes = {(name(c, a, b), a, b): v for (c, a, b), v in prediction.classes.items()}
    pairs6 = {(names.get(c, c), a, b): v for (c, a, b), v in prediction.pairs6.items()}
    return prediction._replace(pairs=pairs, classes=classes, pairs6=pairs6)


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
    links, pairs, services, _, failover, _, pairs6 = prediction
    checks = []
    for (kind, hub, spoke), seen in sorted(observed.links.items()):
        key = (kind, frozenset((hub, spoke)))
        if key in links:
            words = ("forms", "fails", "up", "down")
            checks.append(_agree(spoke, f"{kind} with {hub}", links[key], seen, words))
    for path in observed.paths:
        x, y = sorted((path.a, path.b))
        said_path = (pairs6 if path.family == "ipv6" else pairs).get((path.cloud, x, y))
        if said_path is None or path.result == "untested":
            continue
        family = " ipv6" if path.family == "ipv6" else ""
        checks.append(
            Check(
                router=f"{x} <-> {y}",
                check=f"check vs lab: path in {path.cloud}{family}",
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
    # with a hub cut off: every flow of each family still arrives, or some are lost
    for (hub, family), kept in sorted(observed.failover.items()):
        if (hub, family) in failover:
            words = ("no flow lost", "flows lost", "every flow reached", "flows lost")
            what = f"{hub} down {family}"
            checks.append(_agree("-", what, failover[(hub, family)], kept, words))
    return checks
