"""Golden configs: every example inventory and every phase x protocol x hub-count case.

Regenerate after an intended change with ``pytest tests/test_golden.py --update-goldens``;
a mismatch leaves ``<file>.actual`` beside the expected file for review.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.pipeline import build_network
from tests.conftest import INVENTORIES
from tests.golden_util import compare_golden
from tests.matrix import case_name, cases, matrix_inventory, write_inventory

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = sorted(INVENTORIES.glob("*.yml"))


@pytest.mark.parametrize("inventory", EXAMPLES, ids=lambda p: p.stem)
def test_example_inventory_goldens(inventory: Path, update_goldens: bool) -> None:
    net = build_network(inventory)
    for host, cfg in net.configs.items():
        compare_golden(
            GOLDEN / "examples" / inventory.stem / f"{host}.cfg", cfg.text, update_goldens
        )


@pytest.mark.parametrize("case", cases(), ids=lambda c: case_name(*c))
def test_matrix_goldens(case: tuple[int, str, int], tmp_path: Path, update_goldens: bool) -> None:
    path = write_inventory(tmp_path, matrix_inventory(*case))
    net = build_network(path)
    assert len(net.configs) == case[2] + 3
    for host, cfg in net.configs.items():
        compare_golden(
            GOLDEN / "matrix" / case_name(*case) / f"{host}.cfg", cfg.text, update_goldens
        )


def test_every_example_has_goldens() -> None:
    for inventory in EXAMPLES:
        assert (GOLDEN / "examples" / inventory.stem).is_dir(), inventory
