"""The classes of real input from the 'check on real configs' issue, each with the findings an
engineer reading the configs would state (fixtures: tests/check/paste, tests/check/partial)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.check import CheckResult, check_paths

HERE = Path(__file__).parent
THREE_HUBS = HERE / "paste" / "three-hubs"
SPOKES_ONLY = HERE / "partial" / "spokes-only"


def found(result: CheckResult, minimum: str = "low") -> list[tuple[str, str, int | None, str]]:
    order = ["info", "low", "medium", "high", "critical"]
    return sorted(
        (f.code, f.device, f.line, f.severity)
        for f in result.findings
        if order.index(f.severity) >= order.index(minimum)
    )


def test_three_hub_paste_network_is_read_and_its_fault_named() -> None:
    r = check_paths([str(THREE_HUBS)])
    assert [
        (str(c.subnet), [h.name for h in c.hubs], [s.name for s in c.spokes]) for c in r.clouds
    ] == [
        ("10.1.0.0/24", ["HUB1"], ["SPOKE1", "SPOKE2"]),
        ("10.2.0.0/24", ["HUB2"], ["SPOKE1", "SPOKE2"]),
        ("10.3.0.0/24", ["HUB3"], ["SPOKE1", "SPOKE2"]),
    ]
    # the one planted fault, at the user's line ('tunnel key 33   ! clé du nuage 3')
    assert found(r, "info") == [("NET001", "SPOKE2", 49, "high")]
    assert "tunnel key 33 but HUB3 Tunnel3 uses 3" in r.findings[0].message
    assert [c.counts()["direct"] for c in r.clouds] == [1, 1, 0]
    assert r.undecided == []


def test_spokes_without_their_hub_are_still_checked() -> None:
    r = check_paths([str(SPOKES_ONLY)])
    assert found(r, "medium") == [
        ("NET001", "S3", 26, "high"),  # tunnel key 200 where the other spokes use 100
        ("NET008", "S1", 22, "medium"),  # the NHS is not among the files
        ("NET008", "S2", 22, "medium"),
        ("NET008", "S3", 22, "medium"),
        ("NET010", "S3", 22, "high"),  # 'ip nhrp nhs 10.0.0.1' with no NBMA anywhere
        ("NET014", "S2", 23, "high"),  # 'no ip nhrp shortcut': definite, whatever the release
        ("NET025", "S1", 27, "high"),  # S1 protects the tunnel, S2 does not
    ]
    said = {u.device: u.what for u in r.undecided if "NHS" in u.what}
    assert sorted(said) == ["S1", "S2", "S3"]
    assert "NHS 10.0.0.1 (NBMA 203.0.113.1): its config is not in the set" in said["S1"]
    assert any("has no hub in the set" in u.what for u in r.undecided)


PHASE3_HUB = """hostname HUB
{version}interface GigabitEthernet0/0
 ip address 192.0.2.1 255.255.255.0
interface Tunnel0
 ip address 10.0.0.1 255.255.255.0
 ip nhrp network-id 1
 ip nhrp map multicast dynamic
 ip nhrp redirect
 tunnel source GigabitEthernet0/0
 tunnel mode gre multipoint
"""
PHASE3_SPOKE = """hostname SPOKE{n}
{version}interface GigabitEthernet0/0
 ip address 198.51.100.{n} 255.255.255.0
interface Tunnel0
 ip address 10.0.0.1{n} 255.255.255.0
 ip nhrp network-id 1
 ip nhrp nhs 10.0.0.1 nbma 192.0.2.1 multicast
 tunnel source GigabitEthernet0/0
 tunnel mode gre multipoint
"""


def _phase3(tmp: Path, version: str | None) -> Path:
    line = f"version {version}\n" if version else ""
    (tmp / "hub.cfg").write_text(PHASE3_HUB.format(version=line))
    for n in (1, 2):
        (tmp / f"spoke{n}.cfg").write_text(PHASE3_SPOKE.format(version=line, n=n))
    return tmp


@pytest.mark.parametrize(
    ("version", "hint", "severity", "said"),
    [
        (None, None, "low", "depends on release: no version line"),
        ("15.4", None, "high", "15.4, IOS 12.4-15.9 defaults"),
        ("16.9", None, "low", "depends on release: 16.9 (IOS-XE 16) does not settle it"),
        ("17.6", None, None, ""),
        (None, "17.9", None, ""),
        ("17.6", "15.4", "high", "15.4, IOS 12.4-15.9 defaults"),  # --ios-version wins
    ],
)
def test_missing_shortcut_rests_on_the_release(
    tmp_path: Path, version: str | None, hint: str | None, severity: str | None, said: str
) -> None:
    r = check_paths([str(_phase3(tmp_path, version))], hint)
    shortcut = [f for f in r.findings if f.code == "NET014"]
    if severity is None:
        assert shortcut == []
        return
    line = 5 if version else 4  # the 'interface Tunnel0' line of each spoke
    assert {(f.device, f.line, f.severity) for f in shortcut} == {
        ("SPOKE1", line, severity),
        ("SPOKE2", line, severity),
    }
    assert all(said in f.message for f in shortcut)
