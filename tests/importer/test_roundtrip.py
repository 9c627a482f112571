"""import -> generate (in memory) -> check shows the facts of the original configs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from dmvpngen.check.engine import check_paths, collect_files, load_devices
from dmvpngen.check.ike import context_for
from dmvpngen.check.model import CheckResult
from dmvpngen.cli.app import app
from dmvpngen.importer import import_devices
from dmvpngen.model.loader import load_inventory
from tests.check.test_routes_examples import EXPECTED as EXAMPLE_FAULTS
from tests.check.test_routes_examples import ROUTING_CODES

CORPUS = Path(__file__).parents[1] / "check" / "corpus"
SETS = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def norm(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "-", name)


def facts(result: CheckResult) -> list[dict[str, Any]]:
    out = []
    for c in result.clouds:
        if not c.hubs:
            continue
        hub = c.hubs[0]
        ctx = context_for(hub.device, hub.tunnel)
        routing = sorted({x.kind for x in c.links if x.kind in {"eigrp", "ospf", "bgp"}})
        out.append(
            {
                "subnet": str(c.subnet),
                "phase": c.phase,
                "network_id": c.network_id,
                "key": c.tunnel_key,
                "hubs": sorted(norm(m.name) for m in c.hubs),
                "spokes": sorted(norm(m.name) for m in c.spokes),
                "peers": sorted((norm(x.a), norm(x.b)) for x in c.links if x.kind == "nhrp"),
                "crypto": (ctx.version, sorted(ctx.transforms), sorted(ctx.modes))
                if ctx.protected
                else None,
                "routing": routing,
            }
        )
    return out


def roundtrip(name: str, tmp_path: Path) -> tuple[CheckResult, CheckResult, list[str]]:
    original = check_paths([str(CORPUS / name)])
    res = import_devices(load_devices(collect_files([str(CORPUS / name)])), name, "rt.secrets.yml")
    (tmp_path / "inv.yml").write_text(res.text)
    (tmp_path / "rt.secrets.yml").write_text(yaml.safe_dump(res.secrets))
    return original, check_paths([str(tmp_path / "inv.yml")]), res.notes


@pytest.mark.parametrize("name", SETS)
def test_roundtrip_keeps_clouds_roles_peers_crypto_routing(name: str, tmp_path: Path) -> None:
    original, again, notes = roundtrip(name, tmp_path)
    before, after = facts(original), facts(again)
    assert [f["subnet"] for f in after] == [f["subnet"] for f in before]
    for b, a in zip(before, after, strict=True):
        for key in ("phase", "network_id", "key", "hubs", "spokes", "routing"):
            assert a[key] == b[key], (key, b[key], a[key])
        # hub-to-hub NHS is not modelled (a note says so), nor an NHS missing from the set:
        # every spoke -> hub registration of the originals must be there again
        spokes, hubs = set(b["spokes"]), set(b["hubs"])
        kept = [p for p in b["peers"] if p[0] in spokes and p[1] in hubs]
        assert [p for p in a["peers"] if p[0] in spokes] == kept
        if b["crypto"] is None:
            assert any("no tunnel protection" in n for n in notes)
        elif not any("refused by the model" in n or "not in the model" in n for n in notes):
            assert a["crypto"] == b["crypto"]
    # what the regenerated network gets wrong can only be what the originals got wrong: a
    # routing fault only where the originals already failed to deliver site LAN flows (there
    # at a router whose unseen neighbours kept check from asserting it)
    high = [f for f in again.findings if f.severity in {"high", "critical"}]
    original_fails = set(original.routing["lan_flows"]) - {"delivered"}
    assert [f for f in high if f.code not in ROUTING_CODES or not original_fails] == []


def test_unexpressible_things_are_comments_not_dropped(tmp_path: Path) -> None:
    _, _, notes = roundtrip("jc-fullab-USA", tmp_path)
    text = (tmp_path / "inv.yml").read_text()
    for needle in ("per-tunnel QoS", "hub-to-hub NHS", "no tunnel protection"):
        assert any(needle in n for n in notes)
        assert "#  - " in text and needle in text
    _, _, notes = roundtrip("jc-fullab-CHINA", tmp_path)
    assert any("10.169.169.0/24" in n and "no hub in the set" in n for n in notes)
    # front-door VRFs are expressible now: each WAN keeps its VRF, each cloud its transport
    roundtrip("carlbuchmann-iwan-dualcloud", tmp_path)
    inv = load_inventory(tmp_path / "inv.yml").inventory
    assert sorted({c.transport or "" for c in inv.clouds}) == ["IWAN-INET-1", "IWAN-MPLS-1"]
    assert all(w.vrf == w.transport for r in [*inv.hubs, *inv.spokes] for w in r.wans)


def test_secrets_stay_out_of_the_inventory(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "net.yml"
    res = runner.invoke(
        app, ["import", str(CORPUS / "NGMunia-2023-dualhub-dualcloud"), "-o", str(out)]
    )
    assert res.exit_code == 0, res.output
    text = out.read_text()
    assert "strongkey" not in text and "dmvpn1" not in text.replace("dmvpn1-", "")
    secrets = yaml.safe_load((tmp_path / "net.secrets.yml").read_text())
    assert "strongkey" in secrets.values()
    assert (tmp_path / "net.secrets.yml").stat().st_mode & 0o077 == 0
    assert load_inventory(out).inventory.clouds[0].phase == 2


def _flat(obj: Any, path: str = "") -> dict[str, Any]:
    """A model dump as {dotted.path[i]: leaf value}."""
    if isinstance(obj, dict):
        return {k: v for key, val in obj.items() for k, v in _flat(val, f"{path}.{key}").items()}
    if isinstance(obj, list):
        return {k: v for i, val in enumerate(obj) for k, v in _flat(val, f"{path}[{i}]").items()}
    return {path.lstrip("."): obj}


def _resolved(path: Path) -> dict[str, Any]:
    """The inventory as leaf values, every secret reference replaced by its value."""
    from dmvpngen.pipeline import load_and_validate

    loaded, secrets, _ = load_and_validate(path)
    data = loaded.inventory.model_dump(mode="json", by_alias=True)
    for where, value in secrets.by_path.items():
        cur = data
        for k in where[:-1]:
            cur = cur[k]
        cur[where[-1]] = "=" + value
    return _flat(data)


# What an import cannot give back, and why (docs/check.md says the same):
# - the inventory name and secrets file are the caller's choice;
# - local user and enable secrets are one-way hashes (type 9) in the configs: placeholders;
# - a platform equal to the inventory default and monitoring.source_interface Loopback0 on
#   routers with a loopback are the defaults: written or not, they render the same.
NOT_RECOVERABLE = {"name", "secrets_file", "management.enable_secret"}
EQUIVALENT = {("monitoring.source_interface", "Loopback0", None)}


@pytest.mark.parametrize(
    "inventory", sorted(str(p) for p in (CORPUS.parents[2] / "inventories").glob("*.yml"))
)
def test_rendered_example_imports_back_to_the_same_network(inventory: str, tmp_path: Path) -> None:
    from dmvpngen.parse import parse_config
    from dmvpngen.pipeline import build_network

    net = build_network(inventory)
    devices = [parse_config(c.text, f"{n}.cfg") for n, c in net.configs.items()]
    res = import_devices(devices, "again", "again.secrets.yml")
    (tmp_path / "inv.yml").write_text(res.text)
    (tmp_path / "again.secrets.yml").write_text(yaml.safe_dump(res.secrets))
    before, after = _resolved(Path(inventory)), _resolved(tmp_path / "inv.yml")
    default_platform = before["platform"]
    differ = {}
    for key in sorted(set(before) | set(after)):
        b, a = before.get(key, "<absent>"), after.get(key, "<absent>")
        if b == a or key in NOT_RECOVERABLE or (key, b, a) in EQUIVALENT:
            continue
        if re.fullmatch(r"management\.users\[\d+\]\.secret", key):
            assert a == "=CHANGE-ME-before-push"
            continue
        if key.endswith(".platform") and {a, b} == {None, default_platform}:
            continue
        differ[key] = (b, a)
    assert differ == {}
    assert any("one-way hashes" in n for n in res.notes)
    # and the imported inventory checks clean, up to the routing faults the example has
    again = check_paths([str(tmp_path / "inv.yml")])
    known = {(code, dev) for code, dev, _line in EXAMPLE_FAULTS.get(Path(inventory).stem, [])}
    high = [f for f in again.findings if f.severity in {"high", "critical"}]
    assert [f for f in high if (f.code, f.device) not in known] == []


def test_import_bad_path_exits_2(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["import", str(tmp_path / "nope"), "-o", str(tmp_path / "x.yml")])
    assert res.exit_code == 2
    assert not (tmp_path / "x.yml").exists()


def test_import_creates_the_output_directory_and_reports_unwritable(tmp_path: Path) -> None:
    out = tmp_path / "new" / "dir" / "net.yml"
    res = CliRunner().invoke(app, ["import", str(CORPUS / "V1RaJ97-otus-project"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.exists() and (out.parent / "net.secrets.yml").stat().st_mode & 0o077 == 0
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = CliRunner().invoke(
        app, ["import", str(CORPUS / "V1RaJ97-otus-project"), "-o", str(blocker / "net.yml")]
    )
    assert res.exit_code == 2 and "Traceback" not in res.output


def test_custom_login_banner_is_imported() -> None:
    from dmvpngen.parse import parse_config
    from dmvpngen.pipeline import build_network

    inv = str(CORPUS.parents[2] / "inventories" / "phase3-single-hub-eigrp.yml")
    old = "Authorized access only. All activity is logged."
    devices = [
        parse_config(c.text.replace(old, "Private network of ACME"), f"{n}.cfg")
        for n, c in build_network(inv).configs.items()
    ]
    res = import_devices(devices)
    assert yaml.safe_load(res.text)["management"]["banner"] == "Private network of ACME"
