"""The linter's fast paths give exactly what the slow, obvious code gives.

Each shortcut taken for speed (literal-prefix prefilters, abbreviation folding, address parsing,
finding construction and pickling, the worker pool, freeing a view without the cyclic collector)
is checked here against the straightforward version it replaces.
"""

from __future__ import annotations

import gc
import ipaddress
import pickle
import random
import re
import weakref
from pathlib import Path

import pytest

from dmvpngen.lint.config import LintSettings
from dmvpngen.lint.engine import POOL_MIN_BYTES, _worth_a_pool, lint_sources, sources_from_paths
from dmvpngen.lint.patterns import literal_prefix
from dmvpngen.lint.registry import Finding, Severity, new_finding
from dmvpngen.lint.rules._helpers import _ipv4_int, _valid_mask
from dmvpngen.lint.rules._index import index
from dmvpngen.lint.rules._text import _FOLD, _FOLD_STARTS, _fold
from dmvpngen.lint.view import ConfigView

HERE = Path(__file__).resolve().parent
GENERATED = HERE / "generated"

PATTERNS = [
    r"^ip address\s+\d",
    r"^encr(y(p(t(i(on?)?)?)?)?)?\s+(des|3des)\b",
    r"^shutdown\s*$",
    r"^ab?c",
    r"^a|b",
    r"^(no )?passive-interface\s+\S+",
    r"^ip ospf (authentication-key|message-digest-key)\s",
    r"^interface\s+[Tt]unnel\d+",
    r"^af-interface Gi0/0.1\s*$",
    r"^a{2}b",
    r"^ab+c",
    r"^x[|]y",
    r"^version 2\s*$",
]


def test_literal_prefix_examples() -> None:
    assert literal_prefix(r"^ip address\s+\d") == "ip address"
    assert literal_prefix(r"^encr(y(p)?)?\s") == "encr"
    assert literal_prefix(r"^ab?c") == "a"  # 'b' may be absent
    assert literal_prefix(r"^a|b") == ""  # top-level alternation: 'b' matches anywhere
    assert literal_prefix(r"^x[|]y") == ""  # a class with '|': treated as alternation
    assert literal_prefix(r"no anchor") == ""


@pytest.mark.parametrize("pattern", PATTERNS)
def test_literal_prefix_never_rejects_a_match(pattern: str) -> None:
    rng = random.Random(pattern)
    alphabet = "abcxy |0123456789. -/\tGiTtunelshdwprvoafmkygi"
    prefix = literal_prefix(pattern)
    rx = re.compile(pattern)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    texts += ["ip address 10.0.0.1 255.0.0.0", "encryption des", "shutdown", "ac", "abc", "xb"]
    texts += ["af-interface Gi0/0x1", "ip ospf message-digest-key 1 md5 x", "aab", "abbbc"]
    for text in texts:
        if rx.search(text):
            assert text.startswith(prefix), (pattern, text)


def _fold_slowly(text: str) -> str:
    for rx, repl in _FOLD:
        text = rx.sub(repl, text, count=1)
    return text


def test_fold_matches_every_pattern_applied_in_turn() -> None:
    words = ["no", "int", "inte", "inter", "interf", "interfa", "interfac", "interface", "ip"]
    words += ["domain-lookup", "domain-name", "domain", "name-server", "lookup", "x", "gi0/1"]
    rng = random.Random(4)
    checked = 0
    for _ in range(20000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 5)))
        if text.startswith(_FOLD_STARTS):
            assert _fold(text) == _fold_slowly(text), text
            checked += 1
    assert checked > 1000


def test_address_parsing_matches_ipaddress() -> None:
    octets = [str(i) for i in (0, 1, 9, 10, 99, 100, 199, 255, 256, 999)] + ["01", "001", "", "٣"]
    masks = [str(ipaddress.IPv4Network(f"0.0.0.0/{p}").netmask) for p in range(33)]
    masks += [str(ipaddress.IPv4Network(f"0.0.0.0/{p}").hostmask) for p in range(33)]
    masks += ["255.0.255.0", "255.255.255.256", "255.255.255.00", "1.2.3.4"]
    rng = random.Random(5)
    valid = 0
    for _ in range(20000):
        address = ".".join(rng.choice(octets) for _ in range(rng.choice((3, 4, 4, 4, 5))))
        mask = rng.choice(masks)
        try:
            expected: ipaddress.IPv4Address | None = ipaddress.IPv4Interface(f"{address}/{mask}").ip
        except ValueError:
            expected = None
        value = _ipv4_int(address)
        got = ipaddress.IPv4Address(value) if value is not None and _valid_mask(mask) else None
        assert got == expected, (address, mask)
        valid += expected is not None
    assert valid > 500


def test_new_finding_and_pickling_give_the_same_finding() -> None:
    fields = {
        "file": "r1.cfg",
        "line": 7,
        "code": "CRY001",
        "name": "ike-des-3des",
        "severity": Severity.HIGH,
        "message": "m",
        "device": "r1",
        "text": "encr des",
        "fix": ("a", "b"),
        "assumed_default": True,
    }
    slow = Finding(**fields)  # type: ignore[arg-type]
    fast = new_finding(**fields)  # type: ignore[arg-type]
    for other in (fast, pickle.loads(pickle.dumps(slow)), pickle.loads(pickle.dumps(fast))):
        assert other == slow
        assert other.__dict__ == slow.__dict__
        assert repr(other) == repr(slow)


def test_worker_pool_gives_the_same_report_as_one_process(tmp_path: Path) -> None:
    shapes = [(GENERATED / n).read_text(encoding="utf-8") for n in ("hub.cfg", "spoke.cfg")]
    for i in range(50):
        text = shapes[i % 2].replace("hub-1", f"r{i:02d}").replace("spoke-1", f"r{i:02d}")
        (tmp_path / f"r{i:02d}.cfg").write_text(text, encoding="utf-8")
    sources = sources_from_paths([str(tmp_path)])
    assert _worth_a_pool(sources)  # so jobs=2 below does run workers
    one = lint_sources(sources, LintSettings(), jobs=1)
    two = lint_sources(sources, LintSettings(), jobs=2)
    assert [r.file for r in two.files] == [r.file for r in one.files]
    assert [f.__dict__ for f in two.findings] == [f.__dict__ for f in one.findings]
    assert one.findings


def test_a_pool_only_for_enough_config_text(tmp_path: Path) -> None:
    small = tmp_path / "small.cfg"
    small.write_text("hostname r1\n" * 100, encoding="utf-8")
    assert not _worth_a_pool(sources_from_paths([str(small), str(small)]))
    big = tmp_path / "big.cfg"
    big.write_text("hostname r1\n" * (POOL_MIN_BYTES // 12 + 1), encoding="utf-8")
    assert not _worth_a_pool(sources_from_paths([str(big)]))  # one file: nothing to share out
    assert _worth_a_pool(sources_from_paths([str(big), str(small)]))


def test_a_view_and_its_rule_index_are_freed_without_the_cyclic_collector() -> None:
    text = (GENERATED / "spoke.cfg").read_text(encoding="utf-8")
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        cfg = ConfigView(text, "spoke.cfg")
        idx = index(cfg)
        assert idx.cfg is cfg and idx.external  # the index still reaches its view
        view_ref, index_ref = weakref.ref(cfg), weakref.ref(idx)
        del cfg, idx
        assert view_ref() is None and index_ref() is None
    finally:
        if was_enabled:
            gc.enable()
