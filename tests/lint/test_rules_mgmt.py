"""Management, control-plane, data-plane and logging rules (MGT, CTL, DAT, LOG).

Each rule runs on its fixture (hits must be exactly the marked lines) and on its clean twin (no
hit); every rule also runs over every real-world config of the shared corpus without raising.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dmvpngen.lint.registry import REGISTRY, Hit, Severity
from dmvpngen.lint.view import ConfigView
from tests.lint.harness import FIXTURES, expected_hits

MODULES = ("management", "control", "dataplane", "logging_")
for _name in MODULES:
    importlib.import_module(f"dmvpngen.lint.rules.{_name}")

AREAS = ("MGT", "CTL", "DAT", "LOG")
COUNTS = {"MGT": 24, "CTL": 13, "DAT": 12, "LOG": 10}
CODES = sorted(c for c in REGISTRY if c[:3] in AREAS)
ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "rules"
CORPUS = ROOT.parent / "shared" / "corpus" / "real-configs"
if not CORPUS.is_dir():  # a worktree lives one level deeper than the main checkout
    CORPUS = ROOT.parent.parent / "shared" / "corpus" / "real-configs"
CORPUS_FILES = sorted(CORPUS.rglob("*.cfg")) if CORPUS.is_dir() else []


def run(code: str, text: str, file: str = "-") -> list[Hit]:
    """Hits of one rule on one config text."""
    return list(REGISTRY[code].check(ConfigView(text, file)))


def test_all_codes_registered() -> None:
    for area, count in COUNTS.items():
        assert len([c for c in CODES if c.startswith(area)]) == count, area


@pytest.mark.parametrize("code", CODES)
def test_fixture_hits_exactly_the_marked_lines(code: str) -> None:
    path = FIXTURES / f"{code}.cfg"
    text = path.read_text(encoding="utf-8")
    expected = expected_hits(text, code)
    assert expected, f"{path.name} marks no hit"
    assert sorted(h.line for h in run(code, text, str(path))) == expected


@pytest.mark.parametrize("code", CODES)
def test_clean_fixture_has_no_hit(code: str) -> None:
    path = FIXTURES / f"{code}.clean.cfg"
    assert run(code, path.read_text(encoding="utf-8"), str(path)) == []


@pytest.mark.parametrize("code", CODES)
def test_doc_page(code: str) -> None:
    rule = REGISTRY[code]
    text = (DOCS / f"{code}.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == f"# {code} {rule.name}"
    assert f"Severity: {rule.severity.value} · Role: {rule.role.value}" in lines[:4]
    for section in ("What it does", "Why it matters", "Bad example", "Fixed example", "References"):
        assert f"## {section}" in text, section


@pytest.mark.parametrize("code", CODES)
def test_rule_metadata(code: str) -> None:
    rule = REGISTRY[code]
    assert rule.name == rule.name.lower() and " " not in rule.name
    assert rule.summary


@pytest.mark.skipif(not CORPUS_FILES, reason="shared corpus not available")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[:60])
def test_corpus_file_lints_without_error(path: Path) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    cfg = ConfigView(text, str(path))
    for code in CODES:
        for hit in REGISTRY[code].check(cfg):
            assert 0 <= hit.line <= len(cfg.raw_lines), (code, hit)
            assert hit.message


# The hardening our generator renders (see docs/rules): no finding at high or above.
HARDENED = """\
service timestamps debug datetime msec localtime show-timezone
service timestamps log datetime msec localtime show-timezone
service password-encryption
service tcp-keepalives-in
service tcp-keepalives-out
no service pad
hostname hub1
enable secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM
username admin privilege 15 secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM
aaa new-model
aaa authentication login default local
no ip source-route
no ip bootp server
no ip domain lookup
login block-for 120 attempts 3 within 60
login on-failure log
login on-success log
security passwords min-length 12
ip ssh version 2
ip ssh time-out 60
ip ssh authentication-retries 3
no ip http server
no ip http secure-server
no cdp run
interface Loopback0
 ip address 10.255.0.1 255.255.255.255
interface GigabitEthernet1
 ip address 198.51.100.2 255.255.255.252
 no ip redirects
 no ip unreachables
 no ip proxy-arp
interface Tunnel100
 ip address 10.0.0.1 255.255.255.0
 tunnel source GigabitEthernet1
 tunnel mode gre multipoint
 ip nhrp map multicast dynamic
logging buffered 64000
logging console critical
logging trap informational
logging source-interface Loopback0
logging host 192.0.2.10
ntp server 192.0.2.20
ntp server 192.0.2.21
ip access-list standard MGMT
 permit 192.0.2.0 0.0.0.255
line con 0
 exec-timeout 10 0
line vty 0 4
 access-class MGMT in
 exec-timeout 10 0
 transport input ssh
"""


def test_hardened_config_has_no_high_finding() -> None:
    cfg = ConfigView(HARDENED, "hub1.cfg")
    bad = [
        (code, hit)
        for code in CODES
        for hit in REGISTRY[code].check(cfg)
        if (hit.severity or REGISTRY[code].severity).rank >= Severity.HIGH.rank
    ]
    assert bad == []


@pytest.mark.parametrize(
    "spelling",
    ["no ip domain-lookup", "no ip domain lookup", "no  ip   domain-lookup"],
)
def test_domain_lookup_spellings(spelling: str) -> None:
    assert run("CTL012", f"hostname r1\n{spelling}\n") == []


@pytest.mark.parametrize("spelling", ["logging host 192.0.2.10", "logging 192.0.2.10"])
def test_syslog_host_spellings(spelling: str) -> None:
    assert run("LOG001", f"hostname r1\n{spelling}\n") == []
    assert [h.line for h in run("LOG006", f"hostname r1\n{spelling}\n")] == [0]


def test_abbreviated_interface_and_banner_body() -> None:
    text = "int Gi1\n ip address 192.0.2.1 255.255.255.0\n ip directed-broadcast\n"
    assert [h.line for h in run("DAT004", text)] == [3]
    banner = "banner motd ^C\nip http server\n^C\n"
    assert run("MGT014", banner) == []


def test_type5_is_medium_and_clear_text_high() -> None:
    hits = run("MGT002", "enable secret 5 $1$ab$cdefgh\nenable secret PlainSecret99\n")
    assert [h.severity for h in hits] == [Severity.MEDIUM, Severity.HIGH]


def test_accepted_secret_types_can_be_overridden() -> None:
    cfg = ConfigView("enable secret 5 $1$ab$cdefgh\n")
    cfg.accepted_secret_types = {5, 8, 9}  # type: ignore[attr-defined]
    assert list(REGISTRY["MGT002"].check(cfg)) == []


def test_messages_never_contain_secrets() -> None:
    secrets = (
        "PlainTextPass1",
        "PlainText123",
        "Cisc0Pass",
        "0822455D0A16",
        "AuthPass1",
        "PrivPass1",
    )
    for code in ("MGT001", "MGT002", "MGT003", "MGT004", "MGT019"):
        text = (FIXTURES / f"{code}.cfg").read_text(encoding="utf-8")
        for hit in run(code, text):
            assert not any(s in hit.message for s in secrets), (code, hit.message)


def test_missing_global_lines_assume_defaults() -> None:
    hits = {code: run(code, "hostname r1\n") for code in ("DAT001", "CTL006", "CTL007", "MGT005")}
    for code, found in hits.items():
        assert found and all(h.line == 0 and h.assumed_default for h in found), code


@pytest.mark.parametrize("code", CODES)
def test_global_fix_removes_the_finding(code: str) -> None:
    """Appending the fix lines of a whole-file finding makes that finding go away."""
    text = (FIXTURES / f"{code}.cfg").read_text(encoding="utf-8")
    for base in (text, "hostname r1\n"):
        for hit in run(code, base):
            if hit.line == 0 and hit.fix:
                fixed = base + "\n".join(hit.fix) + "\n"
                assert not [h for h in run(code, fixed) if h.message == hit.message], hit


def _fixture_lines() -> list[str]:
    lines: set[str] = set()
    for code in CODES:
        for suffix in (".cfg", ".clean.cfg"):
            text = (FIXTURES / f"{code}{suffix}").read_text(encoding="utf-8")
            lines.update(ln for ln in text.splitlines() if ln.strip())
    return sorted(lines)


FUZZ_LINES = _fixture_lines()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(FUZZ_LINES),
            st.integers(min_value=0, max_value=3),  # indentation change
            st.integers(min_value=0, max_value=8),  # keep this many words (8 = all)
        ),
        max_size=40,
    )
)
def test_mutated_configs_never_raise(parts: list[tuple[str, int, int]]) -> None:
    """Fixture lines reshuffled, re-indented and truncated: rules report, never raise."""
    out = []
    for line, indent, keep in parts:
        words = line.split()
        out.append(" " * indent + " ".join(words if keep == 8 else words[:keep]))
    cfg = ConfigView("\n".join(out) + "\n")
    for code in CODES:
        for hit in REGISTRY[code].check(cfg):
            assert 0 <= hit.line <= len(cfg.raw_lines)


@pytest.mark.parametrize(
    ("banner", "line"),
    [
        ("banner login #Authorized access only#\n", 2),
        ("banner motd ^C Authorized only ^C\n", 2),
        ("banner exec ^C\nip http server\n^C\n", 4),
        ("banner motd \x03\nip http server\n\x03\n", 4),
    ],
)
def test_banner_bodies_are_not_config(banner: str, line: int) -> None:
    assert [h.line for h in run("MGT014", banner + "ip http server\n")] == [line]


GOLDEN_CONFIGS = sorted((ROOT / "tests" / "golden").rglob("*.cfg"))


@pytest.mark.skipif(not GOLDEN_CONFIGS, reason="no rendered golden configs in this checkout")
@pytest.mark.parametrize("path", GOLDEN_CONFIGS, ids=lambda p: "/".join(p.parts[-2:]))
def test_rendered_configs_have_no_high_finding(path: Path) -> None:
    cfg = ConfigView(path.read_text(encoding="utf-8"), str(path))
    bad = [
        (code, hit.line, hit.message)
        for code in CODES
        for hit in REGISTRY[code].check(cfg)
        if (hit.severity or REGISTRY[code].severity).rank >= Severity.HIGH.rank
    ]
    assert bad == []


def test_buffered_logging_without_size_is_reported_at_its_line() -> None:
    assert [h.line for h in run("LOG004", "hostname r1\nlogging buffered informational\n")] == [2]


def test_banner_without_type_is_a_motd_banner() -> None:
    assert run("MGT022", "banner ^C\nAuthorized only\n^C\n") == []


def test_stack_switch_without_no_vstack() -> None:
    hits = run("CTL005", "hostname sw1\nswitch 1 provision c9300-48p\n")
    assert [(h.line, h.assumed_default) for h in hits] == [(0, True)]
