"""Determinism and stability: same input, same bytes; a new spoke touches only what it must."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from dmvpngen.pipeline import build_network
from tests.matrix import case_name, cases, matrix_inventory, write_inventory


@pytest.mark.parametrize("case", cases(), ids=lambda c: case_name(*c))
def test_rendering_twice_gives_identical_bytes(case: tuple[int, str, int], tmp_path: Path) -> None:
    path = write_inventory(tmp_path, matrix_inventory(*case))
    first = {h: c.text for h, c in build_network(path).configs.items()}
    second = {h: c.text for h, c in build_network(path).configs.items()}
    assert first == second


@pytest.mark.parametrize("case", cases(), ids=lambda c: case_name(*c))
def test_adding_a_spoke_changes_only_that_spoke(case: tuple[int, str, int], tmp_path: Path) -> None:
    base = matrix_inventory(*case)
    grown = copy.deepcopy(base)
    grown["spokes"].append(
        {
            "name": "spoke-new",
            "id": 99,
            "wan": {"interface": "GigabitEthernet1", "dhcp": True},
            "lan": [{"interface": "GigabitEthernet2", "address": "10.99.0.1/24"}],
        }
    )
    before = build_network(write_inventory(tmp_path / "a", base)).configs
    after = build_network(write_inventory(tmp_path / "b", grown)).configs
    assert set(after) - set(before) == {"spoke-new"}
    changed = sorted(h for h in before if before[h].text != after[h].text)
    # No design here needs the hubs to know their spokes: NHRP and listen ranges are dynamic.
    assert changed == []


def test_removing_a_spoke_keeps_other_addresses(tmp_path: Path) -> None:
    base = matrix_inventory(3, "eigrp", 2, spokes=3)
    shrunk = copy.deepcopy(base)
    del shrunk["spokes"][0]
    before = build_network(write_inventory(tmp_path / "a", base)).configs
    after = build_network(write_inventory(tmp_path / "b", shrunk)).configs
    for host in after:
        assert after[host].text == before[host].text
