"""CTL013 runs only where the release is known to be classic IOS: a 'version 15.x' line alone
is also what IOS-XE 3.x prints, and IOS-XE polices only what its forwarding plane punts."""

from __future__ import annotations

import dmvpngen.lint.rules.copp_tunnel  # noqa: F401  (registers CTL013)
from dmvpngen.lint.registry import REGISTRY
from dmvpngen.lint.view import ConfigView
from tests.lint.harness import FIXTURES

BAD = (FIXTURES / "CTL013.cfg").read_text(encoding="utf-8")
CONFIG_ONLY = "\n".join(ln for ln in BAD.splitlines() if not ln.startswith("Cisco IOS"))


def hits(text: str, ios_version: str | None = None) -> list[int]:
    return [h.line for h in REGISTRY["CTL013"].check(ConfigView(text, "r.cfg", ios_version))]


def test_version_line_alone_is_not_enough() -> None:
    assert "version 15.7" in CONFIG_ONLY
    assert hits(CONFIG_ONLY) == []


def test_ios_version_option_names_the_release() -> None:
    assert len(hits(CONFIG_ONLY, "15.7(3)M5")) == 2  # the IPsec class and class-default


def test_ios_xe_is_not_reported() -> None:
    xe = BAD.replace(
        "Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.7(3)M5, "
        "RELEASE SOFTWARE (fc1)",
        "Cisco IOS XE Software, Version 17.09.04a",
    )
    assert hits(xe) == []
