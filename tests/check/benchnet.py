"""The benchmark's generated network (bench/bench_check.py: 2 hubs, one phase 3 EIGRP cloud),
rendered and parsed for the routing model's tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import yaml

from dmvpngen.parse import parse_config
from dmvpngen.parse.facts import Device
from dmvpngen.pipeline import build_network

_BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_check.py"


def bench_devices(folder: Path, spokes: int) -> list[Device]:
    """The parsed configs of a 2-hub network of ``spokes`` spokes, rendered in ``folder``."""
    return [parse_config(text, f"{n}.cfg") for n, text in bench_configs(folder, spokes).items()]


def bench_configs(folder: Path, spokes: int) -> dict[str, str]:
    """Hostname -> config text of a 2-hub network of ``spokes`` spokes, rendered in ``folder``."""
    spec = importlib.util.spec_from_file_location("bench_check", _BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path = folder / f"net{spokes}.yml"
    path.write_text(yaml.safe_dump(bench.inventory(spokes, 2), sort_keys=False))
    (folder / "bench.secrets.yml").write_text(
        yaml.safe_dump({"psk": "Test-Only-PSK-0123456789", "admin_secret": "Test-Only-1"})
    )
    net = build_network(path)
    return {n: c.text for n, c in net.configs.items()}
