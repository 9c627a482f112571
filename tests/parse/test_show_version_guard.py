"""The quick test that skips reading ``show version`` output never skips one that names a
release: held to ``parse_show_version`` on every capture and every config the tests hold."""

from __future__ import annotations

from pathlib import Path

from dmvpngen.advisories.showversion import parse_show_version
from dmvpngen.parse.dmvpn import might_show_version
from tests.parse.reference_corpus import every_config

CAPTURES = Path(__file__).resolve().parents[1] / "advisories" / "data" / "show_version"


def _texts() -> list[tuple[str, str]]:
    out = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CAPTURES.glob("*.txt"))]
    # each line of each capture alone too: the guard must hold line by line
    out += [(f"{name}:{n}", line) for name, text in out for n, line in enumerate(text.split("\n"))]
    return out + list(every_config())


def test_the_guard_never_hides_a_release() -> None:
    texts = _texts()
    named = [name for name, text in texts if parse_show_version(text) is not None]
    assert len(named) > 10  # the captures are read
    for name, text in texts:
        if not might_show_version(text):
            assert parse_show_version(text) is None, name


def test_a_config_without_show_version_is_skipped() -> None:
    skipped = [name for name, text in every_config() if not might_show_version(text)]
    assert len(skipped) > len(every_config()) // 2
