"""Hold ``check``'s prediction against what the lab observed.

``check`` reads the rendered configs and predicts, per hub and spoke, whether NHRP, IKE and the
routing adjacency form, and per spoke pair the forwarding class (direct, via-hub, blocked,
broken). The lab observes the same things on running routers. Every outcome both sides state
is compared; a disagreement is a failed check. Kinds or classes only one side knows (a future
``check`` that predicts more, a lab that observes less) are skipped, so either side can grow.
"""

from __future__ import annotations

from typing import Any

from dmvpngen.lab.frr.plan import LabPlan
from dmvpngen.lab.frr.prove import Observed
from dmvpngen.lab.health import Check

__all__ = ["Prediction", "compare", "localize", "predict", "predict_inventory"]

Prediction = tuple[dict[tuple[str, frozenset[str]], bool], dict[tuple[str, str, str], str]]


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
    return links, pairs


def predict_inventory(path: str) -> Prediction:
    """Run ``check`` on the inventory's rendered configs and read its prediction."""
    from dmvpngen.check.engine import check_devices, inventory_devices

    return predict(check_devices(inventory_devices(path)).as_dict())


def localize(prediction: Prediction, plan: LabPlan) -> Prediction:
    """The prediction with each cloud subnet replaced by the inventory's cloud name."""
    names = {str(t.subnet): t.cloud for r in plan.routers for t in r.tunnels}
    links, pairs = prediction
    return links, {(names.get(c, c), a, b): v for (c, a, b), v in pairs.items()}


def compare(prediction: Prediction, observed: Observed) -> list[Check]:
    """One check per outcome both sides state; ``ok`` when they agree."""
    links, pairs = prediction
    checks = []
    for (kind, hub, spoke), seen in sorted(observed.links.items()):
        key = (kind, frozenset((hub, spoke)))
        if key in links:
            said = links[key]
            checks.append(
                Check(
                    router=spoke,
                    check=f"check vs lab: {kind} with {hub}",
                    ok=said == seen,
                    detail=f"check: {'forms' if said else 'fails'}, "
                    f"lab: {'up' if seen else 'down'}",
                )
            )
    for path in observed.paths:
        x, y = sorted((path.a, path.b))
        said_path = pairs.get((path.cloud, x, y))
        if said_path is None or path.result == "untested":
            continue
        checks.append(
            Check(
                router=f"{x} <-> {y}",
                check=f"check vs lab: path in {path.cloud}",
                ok=said_path == path.result,
                detail=f"check: {said_path}, lab: {path.result} ({path.detail})",
            )
        )
    return checks
