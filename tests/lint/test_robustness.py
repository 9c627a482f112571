"""Messy input never crashes the linter: real corpus configs, garbled bytes, paste scripts and
a bounded hypothesis fuzz over random and mutated configs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dmvpngen.lint.config import LintSettings
from dmvpngen.lint.engine import lint_sources, lint_text, sources_from_paths
from dmvpngen.lint.sources import Source, UnreadableError, read_source
from tests.lint.conftest import CORPUS, FIXTURES, REPO

REAL = REPO.parent / "shared" / "corpus" / "real-configs"
if not REAL.is_dir():  # a worktree checkout sits one level deeper than CI's clone
    REAL = Path("/work/shared/corpus/real-configs")
SEEDS = sorted(
    p.read_text(encoding="utf-8-sig", errors="replace")
    for p in [*FIXTURES.glob("*.cfg"), *CORPUS.glob("*.cfg")]
)


def _no_engine_errors(findings: list) -> None:  # type: ignore[type-arg]
    errors = [f for f in findings if f.code == "LNT002"]
    assert not errors, errors


def test_every_real_config_lints() -> None:
    files = sorted(p for p in REAL.rglob("*.cfg")) if REAL.is_dir() else []
    if not files:
        pytest.skip("shared/corpus/real-configs is not available")
    report = lint_sources(sources_from_paths([str(REAL)]), LintSettings(), jobs=2)
    assert len(report.files) == len(files)
    assert report.errors == []
    _no_engine_errors(report.findings)
    assert {r.role for r in report.files} >= {"hub", "spoke", "other"}


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbfhostname r1\r\ninterface Gi1\r\n ip address 10.0.0.1 255.255.255.0\r\n",
        "hostname r1\ninterface Gi1\n".encode("utf-16"),
        b"hostname r1\ninterface Gi1\n description caf\xe9 \xff\xfe\n",
        b"enable\nconf t\nhostname r1\nint gi1\n no ip redirects\n exit\nend\nwr mem\n",
        b"R1#show run\nBuilding configuration...\n\nhostname r1\n% Invalid input detected\n",
        b"banner motd ^C\nip http server\n^C\nbanner login \x03unterminated\n",
        b"  indented first line\ninterface\n ip address\n ip address 1.2.3\nrouter eigrp\n"
        b" network 300.1.1.1 0.0.0.255\nrouter ospf 1\n network 10.0.0.0 area\n"
        b"crypto isakmp key\ncrypto isakmp policy\n group\ninterface Tunnel\n tunnel source\n"
        b"router bgp 1\n neighbor\n neighbor 1.1.1.1\n bgp listen range x peer-group\n"
        b"key chain\n key\n  key-string\n standby\nvrrp\n",
    ],
)
def test_garbled_inputs(data: bytes) -> None:
    text = read_source(Source("x.cfg", data=data))
    result = lint_text(text, "x.cfg", LintSettings())
    _no_engine_errors(result.findings)
    assert all(0 <= f.line <= max(1, text.count("\n") + 1) for f in result.findings)


@pytest.mark.parametrize("data", [b"", b"\n\n\n", b"!\n! only comments\n"])
def test_empty_inputs_are_refused(data: bytes) -> None:
    with pytest.raises(UnreadableError, match="empty config"):
        read_source(Source("x.cfg", data=data))


def test_undecodable_bytes_become_par001() -> None:
    text = read_source(Source("x.cfg", data=b"hostname r1\ndescription \xff\xfe bad\n"))
    result = lint_text(text, "x.cfg", LintSettings(select=("PAR",)))
    assert [(f.code, f.line) for f in result.findings] == [("PAR001", 2)]


_LINES = st.sampled_from(
    [line for seed in SEEDS for line in seed.split("\n")] + ["!", "", " exit", "end", "^C"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINES, max_size=40))
def test_fuzz_recombined_lines(lines: list[str]) -> None:
    result = lint_text("\n".join(lines), "fuzz.cfg", LintSettings())
    _no_engine_errors(result.findings)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SEEDS),
    st.lists(st.tuples(st.integers(0, 10_000), st.text(max_size=12)), max_size=8),
)
def test_fuzz_mutated_configs(seed: str, edits: list[tuple[int, str]]) -> None:
    text = seed
    for position, insert in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + len(insert) // 2 :]
    result = lint_text(text, "fuzz.cfg", LintSettings())
    _no_engine_errors(result.findings)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=400))
def test_fuzz_random_bytes(data: bytes) -> None:
    try:
        text = read_source(Source("x.cfg", data=data))
    except Exception as exc:  # only the located "binary" refusal is allowed
        assert isinstance(exc, UnreadableError)  # binary, empty or not IOS: located refusal
        assert exc.problem.file == "x.cfg" and exc.problem.hint
        return
    _no_engine_errors(lint_text(text, "x.cfg", LintSettings()).findings)
