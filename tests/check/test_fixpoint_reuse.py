"""The fixpoint's reuse (adverts kept while equal, what was received kept while the adverts heard
are unchanged, connected RIBs, fixed originations and static routes' RIB entries built once per
router, an EIGRP summary port's verdict per prefix decided once) gives what the plain
computation gives: every advert recomputed and every received table worked out again in every
round. Held on a generated 2-hub, 40-spoke network (with each hub down) and on every routing
fixture (EIGRP, OSPF areas, BGP, route maps, VRFs)."""

from __future__ import annotations

from ipaddress import ip_network
from pathlib import Path
from typing import Any

import pytest

from dmvpngen.check.engine import collect_files, load_devices
from dmvpngen.parse.facts import Device
from dmvpngen.routes import Network, compute, fixpoint, localroutes, protocols
from dmvpngen.routes.localroutes import base_rib
from dmvpngen.routes.origin import originate
from dmvpngen.routes.protocols import _covering, eigrp_advert
from tests.check.benchnet import bench_devices

_ROOT = Path(__file__).resolve().parents[2]
_FIXTURES = sorted(p for p in (_ROOT / "tests/check/routes_fixtures").iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def devices(tmp_path_factory: pytest.TempPathFactory) -> list[Device]:
    return bench_devices(tmp_path_factory.mktemp("net40"), 40)


def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """Turn every reuse off: adverts recomputed from scratch each round (all of them new, so
    every receiver works out what it receives again), connected RIBs and originations built
    anew for each computation, static routes' entries anew for each RIB, summary verdicts anew
    for each advert."""
    adverts = fixpoint._adverts

    def every_advert(net: Network, sending: Any, tables: Any, last: Any, moved: Any) -> Any:
        return adverts(net, sending, tables, {}, None)

    monkeypatch.setattr(fixpoint, "_adverts", every_advert)
    monkeypatch.setattr(fixpoint, "_connected", base_rib)
    monkeypatch.setattr(
        fixpoint, "_fixed_own", lambda inst: originate(inst, base_rib(inst.router), {})
    )
    statics = localroutes._statics

    def fresh_statics(router: Any) -> Any:
        localroutes._STATICS.clear()  # each static's entry built again, for every RIB
        return statics(router)

    monkeypatch.setattr(localroutes, "_statics", fresh_statics)
    # each advert decides every prefix's summaries and leak-map verdict afresh
    monkeypatch.setattr(protocols, "_components", lambda inst: {})


def _seen(net: Network) -> object:
    """Everything a computation gives: each protocol table's routes, each RIB in order (its
    routes and equal-cost paths as ordered item lists), the rounds and the router classes.

    A protocol table is compared as a mapping: a sender whose table holds the same routes as
    the round before, in another order, keeps the advert it sent then (the reuse the fixpoint
    has always made), so a receiver's table may list equal routes in another order than a
    computation from scratch would; what each route is does not change."""
    ribs = {
        name: (
            {v: list(t.items()) for v, t in rib.tables.items()},
            {v: {p: list(r) for p, r in m.items()} for v, m in rib.multi.items()},
        )
        for name, rib in sorted(net.ribs.items())
    }
    tables = {k: dict(t) for k, t in net.tables.items()}
    return net.rounds, tables, ribs, net.classes


def _both(
    monkeypatch: pytest.MonkeyPatch, devices: list[Device], **kwargs: Any
) -> tuple[object, object]:
    fast = _seen(compute(devices, **kwargs))
    with monkeypatch.context() as m:
        _plain(m)
        plain = _seen(compute(devices, **kwargs))
    return fast, plain


def test_the_reused_fixpoint_equals_the_plain_one(
    monkeypatch: pytest.MonkeyPatch, devices: list[Device]
) -> None:
    fast, plain = _both(monkeypatch, devices)
    assert fast == plain
    assert fast[0] > 2  # type: ignore[index]  # several rounds: there was something to reuse


@pytest.mark.parametrize("hub", ["hub1", "hub2"])
def test_each_hub_down_case_equals_the_plain_one(
    monkeypatch: pytest.MonkeyPatch, devices: list[Device], hub: str
) -> None:
    rest = [d for d in devices if d.hostname != hub]
    fast, plain = _both(monkeypatch, rest, classes=False)
    assert fast == plain


@pytest.mark.parametrize("folder", _FIXTURES, ids=[p.name for p in _FIXTURES])
def test_every_routing_fixture_equals_the_plain_computation(
    monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    devices = load_devices(collect_files([str(folder)]))
    fast, plain = _both(monkeypatch, devices)
    assert fast == plain


def test_summary_cover_is_the_direct_answer() -> None:
    nets = (ip_network("172.16.0.0/12"), ip_network("172.16.0.0/16"), ip_network("10.0.0.0/8"))
    for text in ("172.16.4.0/24", "172.16.0.0/16", "172.16.0.0/12", "10.1.0.0/16", "192.0.2.0/24"):
        prefix = ip_network(text)
        direct = tuple(n for n in nets if prefix != n and prefix.subnet_of(n))
        assert _covering(nets, prefix) == direct
        assert _covering(nets, prefix) == direct  # the remembered answer, asked again


def test_an_empty_table_sends_nothing(devices: list[Device]) -> None:
    net = compute(devices)
    for inst in net.instances.values():
        for port in inst.interfaces:
            assert eigrp_advert(inst, port, {}) == []
