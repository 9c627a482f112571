"""The release a router runs, read from ``show version`` during ``verify``, against the Cisco
advisory table shipped with dmvpngen (docs/advisories.md).

Informative, like the software line of ``check``: an affected release does not fail verify (the
DMVPN may be healthy on it); it is reported per router with the advisory, its CVEs, the first
fixed release of the router's train where Cisco names one, and the URL.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

__all__ = ["AdvisoryHit", "RunningSoftware", "running_software", "software_warning"]


class AdvisoryHit(BaseModel):
    """One tabled advisory naming the running release."""

    model_config = ConfigDict(frozen=True)

    id: str
    cves: list[str]
    topics: list[str]
    exposure: str  # "affected" | "possible"
    first_fixed: str = ""  # '' when Cisco's text names no fixed release for this train
    fixed_in: str = ""  # 'fixed in 17.3.4a (train 17.3)'
    listed: bool = False  # the release is on Cisco's list of affected releases
    because: str = ""  # "IKEv2 ('crypto ikev2 profile P') is configured"
    url: str


class RunningSoftware(BaseModel):
    """What ``show version`` said, and the advisories of the table that name that release."""

    model_config = ConfigDict(frozen=True)

    release: str = ""  # as the router printed it ('' when show version names none)
    train: str = ""  # '17.3', '15.5M', '3.16S'
    codename: str = ""  # 'Amsterdam', 'IOSXE'; '' for classic IOS and IOS-XE 3.x
    exact: bool = False  # False: an engineering image, only the train is known
    table_reviewed: str = ""
    advisories: list[AdvisoryHit] = []  # those whose feature the running config has
    # advisories naming the release for a feature the running config does not have (ADV003)
    not_exposed: list[str] = []
    # advisories about a configured feature whose Cisco record names no release: the Cisco
    # Software Checker decides (docs/advisories.md)
    to_check: list[str] = []


def running_software(show: Callable[[str], str], running_config: str) -> RunningSoftware:
    """Ask the router for ``show version`` and judge its release; an advisory whose feature
    the running config does not have is kept with ``applies=False`` (not warned about)."""
    from dmvpngen.advisories.features import configured_features
    from dmvpngen.advisories.match import Exposure, matches
    from dmvpngen.advisories.showversion import parse_show_version
    from dmvpngen.advisories.table import load_table

    shown = parse_show_version(show("show version"))
    table = load_table()
    if shown is None:
        return RunningSoftware(table_reviewed=str(table.reviewed))
    release = shown.release
    found = matches(release, table, features=configured_features(running_config.splitlines()))
    hits = [
        AdvisoryHit(
            id=m.advisory.id,
            cves=list(m.advisory.cves),
            topics=list(m.advisory.topics),
            exposure=m.exposure.value,
            first_fixed=m.first_fixed or "",
            fixed_in=m.fixed_in,
            listed=m.listed,
            because=m.because,
            url=m.advisory.url,
        )
        for m in found
        if m.applies and m.exposure is not Exposure.UNLISTED
    ]
    return RunningSoftware(
        release=release.text,
        train=release.train_name,
        codename=shown.codename,
        exact=release.exact,
        table_reviewed=str(table.reviewed),
        advisories=hits,
        not_exposed=[
            m.advisory.id for m in found if not m.applies and m.exposure is not Exposure.UNLISTED
        ],
        to_check=[m.advisory.id for m in found if m.applies and m.exposure is Exposure.UNLISTED],
    )


def software_warning(software: RunningSoftware) -> str:
    """One report line when a tabled advisory names the release ('' when none does)."""
    if not software.release:
        return "show version names no release: advisories not judged"
    named = software.advisories
    if not named:
        return ""
    what = f"release {software.release}" if software.exact else f"train {software.train}"
    if software.codename:
        what += f" ({software.codename})"

    def one(hit: AdvisoryHit) -> str:
        fix = hit.fixed_in or (
            "Cisco lists it as affected: move to a release it does not list"
            if hit.listed
            else "check the advisory"
        )
        return f"{hit.id} ({', '.join(hit.cves)}, {hit.exposure}; {fix}; {hit.because}; {hit.url})"

    return f"{what} is named by {len(named)} Cisco advisory(ies) of the table of " + (
        f"{software.table_reviewed}: " + "; ".join(one(h) for h in named)
    )
