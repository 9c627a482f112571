"""The mode tables' command patterns are compiled on first use: each must compile, and match
exactly as the compiled regular expression does, on every line of every config the tests hold."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from dmvpngen.parse.modes import MODES, CommandPattern

TESTS = Path(__file__).resolve().parent.parent


def _patterns() -> list[CommandPattern]:
    found: list[CommandPattern] = []
    for mode in MODES.values():
        found.extend(pattern for pattern, _ in mode.opens)
        if mode.keeps is not None:
            found.append(mode.keeps)
    return found


def test_every_pattern_matches_as_its_regular_expression() -> None:
    lines = {
        line.strip().lower()
        for path in sorted(TESTS.glob("**/*.cfg"))
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
    }
    lines |= {"interface tunnel0", "router eigrp 1", "crypto map m 10 ipsec-isakmp", "ip sla 5"}
    assert len(lines) > 3000
    patterns = _patterns()
    assert len(patterns) > 50
    matched = 0
    for pattern in patterns:
        compiled = re.compile(pattern.pattern)
        for line in lines:
            got, want = pattern.match(line), compiled.match(line)
            assert (got and got.span()) == (want and want.span()), (pattern.pattern, line)
            matched += want is not None
    assert matched > 1000  # the lines exercise the patterns, not only their misses


def test_importing_the_tables_compiles_no_pattern() -> None:
    code = (
        "from dmvpngen.parse.modes import MODES\n"
        "ps = [p for m in MODES.values() for p, _ in m.opens] + "
        "[m.keeps for m in MODES.values() if m.keeps]\n"
        "print(sum(p._compiled is not None for p in ps))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
