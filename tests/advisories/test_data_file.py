"""The shipped data file: valid JSON in its one layout, advisories sorted, every condition a
feature the config reader knows, and cheap to load."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from dmvpngen.advisories.jsonform import dumps, sort_key
from dmvpngen.advisories.match import Exposure, matches
from dmvpngen.advisories.release import parse_release
from dmvpngen.advisories.table import DATA_FILE, TableError, load_table, table_from_data

DATA = Path(resources.files("dmvpngen.data").joinpath(DATA_FILE))  # type: ignore[arg-type]


def test_file_is_valid_sorted_and_in_its_layout(update_goldens: bool) -> None:
    text = DATA.read_text(encoding="utf-8")
    data = json.loads(text)
    if update_goldens:
        DATA.write_text(dumps(data), encoding="utf-8")
        text = DATA.read_text(encoding="utf-8")
    entries = data["advisories"]
    assert entries == sorted(entries, key=sort_key), "advisories must be oldest first"
    assert text == dumps(data), "run pytest tests/advisories --update-goldens to lay it out"
    assert table_from_data(data) == load_table()


def test_layout_round_trips() -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    in_order = {**data, "advisories": sorted(data["advisories"], key=sort_key)}
    assert json.loads(dumps(data)) == in_order
    prose = ('"verified"', '"unlisted"', '"title"', '"url"')  # one string each: not wrapped
    for line in dumps(data).splitlines():
        assert len(line) <= 100 or any(key in line for key in prose), line


def _entry(**over: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": "cisco-sa-x",
        "cves": ["CVE-0000-0001"],
        "title": "t",
        "published": "2026-01-01",
        "topics": ["ikev2"],
        "conditions": [["ikev2"]],
        "url": "https://sec.cloudapps.cisco.com/security/center/content/cisco-sa-x",
        "verified": "test",
        "releases": ["17.9.1"],
    }
    entry.update(over)
    return entry


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"conditions": []}, "at least one group"),
        ({"conditions": [["ikev3"]]}, "must be a list of features"),
        ({"releases": [], "unlisted": ""}, "neither"),
        ({"url": "https://example.com/cisco-sa-x"}, "not a Cisco advisory"),
        ({"cves": ["2026-1"]}, "CVE IDs"),
        ({"topics": ["bgp"]}, "topics"),
        ({"published": "March 2026"}, "not a date"),
        ({"colour": "red"}, "unknown field"),
        ({"software": ["nxos"]}, "'software'"),
    ],
)
def test_malformed_entries_are_named(over: dict[str, object], message: str) -> None:
    with pytest.raises(TableError, match=message) as err:
        table_from_data({"reviewed": "2026-12-06", "advisories": [_entry(**over)]})
    assert "cisco-sa-x" in str(err.value) or "#1" in str(err.value)


def test_unlisted_advisories_are_neither_affected_nor_clear() -> None:
    table = table_from_data(
        {
            "reviewed": "2026-12-06",
            "advisories": [
                _entry(releases=[], unlisted="no release named", software=["xe"]),
            ],
        }
    )
    (hit,) = matches(parse_release("17.3.4a"), table)
    assert hit.exposure is Exposure.UNLISTED and hit.first_fixed is None
    assert matches(parse_release("15.5(3)M4"), table) == []  # not the software it names


@pytest.mark.parametrize(
    ("advisory", "release"),
    [
        ("cisco-sa-20180328-ike", "17.3.4a"),
        ("cisco-sa-20180328-ike-dos", "15.5(3)M4"),
        ("cisco-sa-20180926-ipsec", "16.9.1"),
        ("cisco-sa-ikev2-9p23Jj2a", "16.12.3"),
        ("cisco-sa-iosxe-vpn-dos-edOmW28Z", "16.9.4"),
    ],
)
def test_advisories_without_a_release_list_stay_unlisted(advisory: str, release: str) -> None:
    found = {m.advisory.id: m for m in matches(parse_release(release))}
    assert found[advisory].exposure is Exposure.UNLISTED
    assert "Software Checker" in found[advisory].advisory.unlisted


def test_every_shipped_advisory_names_its_conditions() -> None:
    for advisory in load_table().advisories:
        assert advisory.conditions
        if "ikev2" in advisory.topics and advisory.id != "cisco-sa-20180328-ike":
            assert ("ikev2",) in advisory.conditions


def test_loading_the_table_imports_neither_yaml_nor_pydantic() -> None:
    code = (
        "import sys; from dmvpngen.advisories.table import load_table; load_table(); "
        "print(sorted(m for m in ('yaml', 'pydantic') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
