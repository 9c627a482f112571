"""Configs in dmvpngen's own generated shape lint with no finding at high or above, and the
configs rendered from every example inventory with none at medium or above."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dmvpngen.lint.config import LintSettings
from dmvpngen.lint.engine import lint_sources, lint_text, sources_from_paths
from dmvpngen.lint.registry import Severity
from tests.lint.conftest import REPO

GENERATED = Path(__file__).parent / "generated"


def _high(paths: list[str]) -> list[str]:
    report = lint_sources(sources_from_paths(paths), LintSettings())
    assert report.errors == []
    return [
        f"{f.file}:{f.line} {f.code} {f.message}"
        for f in report.findings
        if f.severity.rank >= Severity.HIGH.rank
    ]


def test_generated_shape_lints_clean() -> None:
    assert _high([str(GENERATED)]) == []


def test_generated_psk_forms_are_understood() -> None:
    report = lint_sources(sources_from_paths([str(GENERATED / "hub.cfg")]), LintSettings())
    codes = {f.code: f for f in report.findings}
    assert "CRY015" not in codes  # password encryption aes makes the keyring PSK type 6
    assert "CRY016" not in codes  # the generator marks the inventory's group-PSK choice
    assert report.files[0].suppressed == 1


INVENTORIES = sorted(p for p in (REPO / "inventories").glob("*.yml") if ".secrets." not in p.name)


@pytest.mark.parametrize("inventory", INVENTORIES, ids=lambda p: p.stem)
def test_rendered_example_inventories_pass_lint_at_medium(inventory: Path) -> None:
    """What the generator writes passes its own linter at --fail-on medium (suppressions the
    generator writes for explicit inventory choices count as suppressed)."""
    if importlib.util.find_spec("dmvpngen.pipeline") is None:
        pytest.skip("the renderer is not in this checkout")
    from dmvpngen.pipeline import build_network

    network = build_network(inventory)
    assert network.configs
    found = []
    for hostname, rendered in sorted(network.configs.items()):
        result = lint_text(rendered.text, f"{inventory.stem}/{hostname}.cfg", LintSettings())
        found += [
            f"{f.file}:{f.line} {f.code} {f.message}"
            for f in result.findings
            if f.severity.rank >= Severity.MEDIUM.rank
        ]
    assert found == []
