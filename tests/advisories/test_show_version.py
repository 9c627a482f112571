"""The running release from real ``show version`` captures (sources: data/show_version/
SOURCES.tsv) and from the release lines of each IOS-XE code name."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmvpngen.advisories.release import Family
from dmvpngen.advisories.showversion import parse_show_version

DATA = Path(__file__).parent / "data" / "show_version"


@pytest.mark.parametrize(
    ("name", "release", "family", "train", "codename", "exact"),
    [
        ("isr_15.8.3M3b.txt", "15.8(3)M3b", Family.IOS, "15.8M", "", True),
        # the IOS-equivalent 15.3(2)S1 comes first; the IOS-XE release is on its own line
        ("asr1001_03.09.01.S.txt", "03.09.01.S", Family.XE3, "3.9S", "", True),
        ("c9500_16.09.03.txt", "16.09.03", Family.XE, "16.9", "Fuji", True),
        ("isr4451_16.06.05.txt", "16.06.05", Family.XE, "16.6", "Everest", True),
        # a special build names itself on the first line, its base release on the second
        ("c9500_special_16.9.5.txt", "16.9.5", Family.XE, "16.9", "Fuji", True),
        # an engineering image: only the train
        ("asr1006_denali_experimental.txt", "16.3", Family.XE, "16.3", "Denali", False),
    ],
)
def test_real_captures(
    name: str, release: str, family: Family, train: str, codename: str, exact: bool
) -> None:
    shown = parse_show_version((DATA / name).read_text(encoding="utf-8"))
    assert shown is not None
    assert (shown.release.text, shown.release.family, shown.release.train_name) == (
        release,
        family,
        train,
    )
    assert (shown.codename, shown.release.exact) == (codename, exact)


# The release lines as routers of each code name print them (public captures).
@pytest.mark.parametrize(
    ("head", "release", "train", "codename"),
    [
        (
            "Cisco IOS Software, C180X Software (C180X-ADVIPSERVICESK9-M), Version 12.4(6)T2, "
            "RELEASE SOFTWARE (fc1)",
            "12.4(6)T2",
            "12.4T",
            "",
        ),
        (
            "IOS (tm) C2600 Software (C2600-IK9O3S3-M), Version 12.3(26), RELEASE SOFTWARE (fc2)",
            "12.3(26)",
            "12.3",
            "",
        ),
        (
            "Cisco IOS Software, C800 Software (C800-UNIVERSALK9-M), Version 15.4(2)T, RELEASE "
            "SOFTWARE (fc1)",
            "15.4(2)T",
            "15.4T",
            "",
        ),
        (
            "Cisco IOS Software, IOS-XE Software, Catalyst L3 Switch Software "
            "(CAT3K_CAA-UNIVERSALK9-M), Version 03.06.05E RELEASE SOFTWARE (fc2)",
            "03.06.05E",
            "3.6E",
            "",
        ),
        (
            "Cisco IOS XE Software, Version 03.16.10.S - Extended Support Release\n"
            "Cisco IOS Software, ASR1000 Software (X86_64_LINUX_IOSD-ADVENTERPRISEK9-M), Version "
            "15.5(3)S10, RELEASE SOFTWARE (fc3)",
            "03.16.10.S",
            "3.16S",
            "",
        ),
        (
            "Cisco IOS Software, Catalyst L3 Switch Software (CAT3K_CAA-UNIVERSALK9-M), Version "
            "Denali 16.2.1, RELEASE SOFTWARE (fc1)",
            "16.2.1",
            "16.2",
            "",
        ),
        (
            "Cisco IOS Software [Denali], Catalyst L3 Switch Software (CAT3K_CAA-UNIVERSALK9-M), "
            "Version 16.3.2, RELEASE SOFTWARE (fc4)",
            "16.3.2",
            "16.3",
            "Denali",
        ),
        (
            "Cisco IOS XE Software, Version 16.12.04\nCisco IOS Software [Gibraltar], Catalyst L3 "
            "Switch Software (CAT9K_IOSXE), Version 16.12.4, RELEASE SOFTWARE (fc5)",
            "16.12.04",
            "16.12",
            "Gibraltar",
        ),
        (
            "Cisco IOS XE Software, Version 17.03.04a\nCisco IOS Software [Amsterdam], Virtual XE "
            "Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.3.4a, RELEASE SOFTWARE (fc3)",
            "17.03.04a",
            "17.3",
            "Amsterdam",
        ),
        (
            "Cisco IOS XE Software, Version 17.06.05\nCisco IOS Software [Bengaluru], Virtual XE "
            "Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.6.5, RELEASE SOFTWARE (fc2)",
            "17.06.05",
            "17.6",
            "Bengaluru",
        ),
        (
            "Cisco IOS XE Software, Version 17.09.02a\nCisco IOS Software [Cupertino], Virtual XE "
            "Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.9.2a, RELEASE SOFTWARE (fc4)",
            "17.09.02a",
            "17.9",
            "Cupertino",
        ),
        (
            "Cisco IOS XE Software, Version 17.12.04\nCisco IOS Software [Dublin], Catalyst L3 "
            "Switch Software (CAT9K_IOSXE), Version 17.12.4, RELEASE SOFTWARE (fc2)",
            "17.12.04",
            "17.12",
            "Dublin",
        ),
        (
            "Cisco IOS XE Software, Version 17.15.01a\nCisco IOS Software [IOSXE], Virtual XE "
            "Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.15.1a, RELEASE SOFTWARE (fc1)",
            "17.15.01a",
            "17.15",
            "IOSXE",
        ),
        (  # IOS on Linux prints no 'Cisco IOS XE Software' line
            "Cisco IOS Software [IOSXE], Linux Software (X86_64BI_LINUX-ADVENTERPRISEK9-M), "
            "Version 17.15.1, RELEASE SOFTWARE (fc4)",
            "17.15.1",
            "17.15",
            "IOSXE",
        ),
    ],
)
def test_release_lines(head: str, release: str, train: str, codename: str) -> None:
    shown = parse_show_version(head + "\nTechnical Support: http://www.cisco.com/techsupport\n")
    assert shown is not None and shown.release.exact
    assert (shown.release.text, shown.release.train_name, shown.codename) == (
        release,
        train,
        codename,
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hostname r1\nversion 17.3\n",
        # a wireless build tag the release parser does not read
        "Cisco IOS XE Software, Version 17.07.01prd16\nCisco IOS Software [Cupertino], C9800-CL "
        "Software (C9800-CL-K9_IOSXE), Version 17.7.1prd16, RELEASE SOFTWARE (fc2)",
        "Cisco IOS XR Software, Version 6.5.3",
    ],
)
def test_no_release(text: str) -> None:
    assert parse_show_version(text) is None
