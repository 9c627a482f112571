"""Fuzz inventory YAML through every command that reads one.

Hypothesis mutates a real inventory two ways: structurally (a random value of a random type at a
random place of the data) and textually (YAML tokens, control characters and huge numbers spliced
into the text). ``validate``, ``generate``, ``diagram`` and ``lab export`` must each end with exit
0, 1 or 2, never a traceback, write nothing outside their output, and finish within a bound.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dmvpngen.cli.app import app
from tests.conftest import INVENTORIES

BASE = INVENTORIES / "phase3-single-hub-eigrp.yml"
BASE_DATA: dict[str, Any] = yaml.safe_load(BASE.read_text())
SECRETS = (INVENTORIES / "demo.secrets.yaml").read_text()
# generous: a command on this inventory takes well under a second; a hang or an exponential
# blow-up takes minutes
BOUND_SECONDS = 30.0

TOKENS = [
    "\n", "\r", "\t", "\x00", "\x1b", "\u2028", "\x85", "#", ":", "- ", "? ", "&a ", "*a",
    "<<: *a", "!!python/object:os.system ", "!!binary ", "[", "]", "{", "}", "'", '"', "|",
    ">", "%YAML 1.1\n", "---\n", "...\n", "9" * 5001, "-0x1F", "1e999", "2026-13-45", "~",
    "  ", "\ufeff", "é", "\udcff",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["env:NOPE", "secret:nope", "0.0.0.0/0", "GigabitEthernet1", "", " "]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _paths(value, (*path, index))
    return out


PATHS = [p for p in _paths(BASE_DATA) if p]


@st.composite
def structural(draw: st.DrawFn) -> str:
    """The base inventory with one value replaced, dumped as YAML."""
    import copy

    data = copy.deepcopy(BASE_DATA)
    path = draw(st.sampled_from(PATHS))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = draw(_like(parent[path[-1]]) | values)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _like(value: Any) -> st.SearchStrategy[Any]:
    """Values of the same kind as ``value`` at their edges: addresses with any prefix,
    integers around the type limits, strings with a hostile tail."""
    if isinstance(value, bool) or value is None:
        return st.booleans()
    if isinstance(value, int):
        edges = [0, -1, 1, 255, 256, 65535, 65536, 2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**63, 2**64]
        return st.sampled_from(edges) | st.integers()
    if isinstance(value, str) and value[:1].isdigit() and "." in value:
        octet = st.integers(min_value=0, max_value=255)
        address = st.tuples(octet, octet, octet, octet).map(lambda o: ".".join(map(str, o)))
        prefix = st.integers(min_value=0, max_value=33)
        return st.tuples(address, prefix).map(lambda a: f"{a[0]}/{a[1]}") | address
    if isinstance(value, str):
        return st.tuples(st.just(value), st.sampled_from(TOKENS)).map("".join)
    return values


@st.composite
def textual(draw: st.DrawFn) -> str:
    """The base inventory text with tokens spliced in at random places."""
    text = BASE.read_text()
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        token = draw(st.sampled_from(TOKENS) | st.text(max_size=6))
        text = text[:at] + token + text[at:]
    return text


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _run(workdir: Path, text: str) -> None:
    inventory = workdir / "inv.yml"
    inventory.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    (workdir / "demo.secrets.yaml").write_text(SECRETS)
    before = _tree(workdir)
    commands = [
        ["validate", str(inventory)],
        ["generate", str(inventory), "-o", str(workdir / "out-generate")],
        ["diagram", str(inventory), "-o", str(workdir / "out-diagram" / "net.svg")],
        ["lab", "export", str(inventory), "--cml", str(workdir / "out-lab" / "lab.yaml")],
    ]
    runner = CliRunner()
    for args in commands:
        start = time.monotonic()
        result = runner.invoke(app, args)
        elapsed = time.monotonic() - start
        crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
        assert not crashed, (args[0], repr(result.exception), result.output[-2000:])
        assert result.exit_code in (0, 1, 2), (args[0], result.exit_code, result.output[-2000:])
        assert elapsed < BOUND_SECONDS, (args[0], elapsed)
        assert "Traceback" not in result.output, (args[0], result.output[-2000:])
    after = _tree(workdir)
    outside = {
        name
        for name in set(after) | set(before)
        if not name.startswith("out-") and before.get(name) != after.get(name)
    }
    assert not outside, outside


# a quick pass in the suite; DMVPNGEN_FUZZ_EXAMPLES=2000 for a campaign
_FUZZ = settings(
    max_examples=int(os.environ.get("DMVPNGEN_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_FUZZ
@given(text=structural())
def test_structural_fuzz(text: str, tmp_path_factory: Any) -> None:
    _run(tmp_path_factory.mktemp("fuzz"), text)


@_FUZZ
@given(text=textual())
def test_textual_fuzz(text: str, tmp_path_factory: Any) -> None:
    _run(tmp_path_factory.mktemp("fuzz"), text)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("clouds", 0, "summary"), [False]),  # the draw that read as 0.0.0.0/32
        (("clouds", 0, "summary"), [167772160]),
        (("clouds", 0, "subnet"), True),
    ],
)
def test_numbers_and_booleans_are_not_addresses(
    path: tuple[Any, ...], value: Any, tmp_path: Path
) -> None:
    """YAML 'false' or a number where an address belongs is refused at its line, as any other
    malformed address, and without the warning Python gives for using a bool as an int."""
    import copy
    import warnings

    data = copy.deepcopy(BASE_DATA)
    parent: Any = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    inventory = tmp_path / "inv.yml"
    inventory.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (tmp_path / "demo.secrets.yaml").write_text(SECRETS, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        result = CliRunner().invoke(app, ["validate", str(inventory)])
    assert result.exit_code == 1, result.output
    assert f"{path[0]}[{path[1]}].{path[2]}" in result.output
    assert "not a valid IPv4" in result.output and "Traceback" not in result.output


def test_boolean_wan_address_reads_as_not_an_address(tmp_path: Path) -> None:
    """A WAN `address: true` is named as not an address, not asked for a prefix length
    ("'true' needs a prefix length, e.g. true/30" sent the engineer the wrong way)."""
    import copy

    data = copy.deepcopy(BASE_DATA)
    data["hubs"][0]["wan"]["address"] = True
    inventory = tmp_path / "inv.yml"
    inventory.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (tmp_path / "demo.secrets.yaml").write_text(SECRETS, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(inventory)])
    assert result.exit_code == 1, result.output
    assert "hubs[0].wan.address: 'true' is not an address" in result.output
    assert "true/30" not in result.output and "Traceback" not in result.output
