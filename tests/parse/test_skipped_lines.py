"""Banner bodies and exec output are found by visiting only the lines that can open them: the
same lines as a walk over every line (the reference below), on random configs full of banners,
delimiters, prompts and captured output."""

from __future__ import annotations

import bisect

from hypothesis import given, settings
from hypothesis import strategies as st

from dmvpngen.parse.banners import _BANNER, _EXEC_PROMPT, _SHOWS_CONFIG, banner_bodies, exec_output


def _bodies_line_by_line(lines: list[str]) -> set[int]:
    body: set[int] = set()
    where: dict[str, list[int]] = {}
    index = 0
    while index < len(lines):
        raw = lines[index]
        match = _BANNER.match(raw) if "banner" in raw else None
        if match is None:
            index += 1
            continue
        delim = match.group(2)
        if delim in raw[match.end() :]:
            index += 1
            continue
        found = where.get(delim)
        if found is None:
            found = where[delim] = [i for i, text in enumerate(lines) if delim in text]
        at = bisect.bisect_right(found, index)
        if at == len(found):
            index += 1
            continue
        body.update(range(index + 1, found[at]))
        index = found[at] + 1
    return body


def _exec_line_by_line(lines: list[str]) -> set[int]:
    out: set[int] = set()
    skipping = False
    for index, raw in enumerate(lines):
        match = _EXEC_PROMPT.match(raw) if ("#" in raw or ">" in raw) else None
        if match is not None and " " not in raw.strip().split("#")[0].split(">")[0]:
            out.add(index)
            skipping = _SHOWS_CONFIG.match(match.group(1)) is None
            continue
        if skipping:
            out.add(index)
    return out


LINES = st.lists(
    st.sampled_from(
        ["banner motd ^C", "banner login #", "banner exec ^C hi ^C", " banner motd %", "^C",
         "#", "text # more", "%", "hello", "", "!", "interface Gi1", " description a>b",
         "R1#show dmvpn", "R1#show running-config", "R1>enable", "R1#conf t", "R1(config)#",
         "Interface  IP-Address", "R1#", "banner incoming X", "X marks", "end"]
    ),
    max_size=40,
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(LINES)
def test_same_lines_as_a_walk_over_every_line(lines: list[str]) -> None:
    assert banner_bodies(lines) == _bodies_line_by_line(lines)
    assert exec_output(lines) == _exec_line_by_line(lines)
