"""Software advisories (ADV001-ADV003): the release a router runs, against Cisco's advisories,
where the advisory's vulnerable feature is configured.

The release comes from ``--ios-version`` when given, else from ``show version`` output in the
linted file ("Cisco IOS XE Software, Version 17.03.04a"), else from the config's ``version`` line,
which names only the train. The advisory table is ``dmvpngen/data/advisories.json``
(docs/advisories.md); each advisory names the features it needs (``conditions``), read from the
config by ``dmvpngen.advisories.features``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from dmvpngen.advisories.features import configured_features
from dmvpngen.advisories.match import Exposure, Match, matches
from dmvpngen.advisories.release import Release, parse_release
from dmvpngen.advisories.showversion import parse_show_version
from dmvpngen.lint.registry import Hit, Severity, rule
from dmvpngen.lint.view import ConfigView

__all__ = ["running_release"]


def running_release(cfg: ConfigView) -> tuple[Release | None, int, str]:
    """The release, the line it was read from (0: not from the config) and where it came from."""
    hint = cfg.ios_version_hint
    if hint:
        return parse_release(hint), 0, "--ios-version"
    shown = parse_show_version("\n".join(cfg.raw_lines))
    if shown is not None:
        return shown.release, shown.line, "show version"
    line = cfg.first(r"^version\s+\d")
    if line is None:
        return None, 0, ""
    return parse_release(line.text.split()[1]), line.number, "the version line"


def _describe(match: Match) -> str:
    adv = match.advisory
    return f"{adv.id} ({', '.join(adv.cves)}, {'/'.join(adv.topics)}; {adv.url})"


@lru_cache(maxsize=4)  # the three rules ask for the same config in turn
def _matches(cfg: ConfigView) -> tuple[tuple[Release, int, str, Match], ...]:
    release, line, origin = running_release(cfg)
    if release is None:
        return ()
    features = configured_features(cfg.raw_lines)
    if not features:
        # no IKE, IPsec, GRE or NHRP at all: no advisory of the table concerns this router, and
        # the table is not even read (it stays off the start-up cost of such a lint)
        return ()
    return tuple((release, line, origin, m) for m in matches(release, features=features))


def _of(cfg: ConfigView, exposure: Exposure) -> Iterator[tuple[Release, int, str, Match]]:
    for release, line, origin, match in _matches(cfg):
        if match.exposure is exposure and match.applies:
            yield release, line, origin, match


@rule("ADV001", "release-affected-by-advisory", Severity.HIGH)
def release_affected(cfg: ConfigView) -> Iterator[Hit]:
    """The running release is below the first fixed release of a Cisco advisory, or one Cisco
    lists as affected, and the advisory's feature is configured."""
    for release, line, origin, match in _of(cfg, Exposure.AFFECTED):
        what = f"release {release.text}" if release.exact else f"every release of {release.text}"
        if match.fixed_in:
            fix = match.fixed_in
        elif match.listed:  # named in Cisco's list of affected releases, which names no fix
            fix = "Cisco lists this release as affected: move to a release it does not list"
        else:
            fix = "Cisco's text names this release as affected but no fix: check the advisory"
        yield Hit(
            line,
            f"{what} (from {origin}) is affected by {_describe(match)}, and {match.because}: {fix}",
        )


@rule("ADV002", "release-possibly-affected", Severity.LOW)
def release_possibly_affected(cfg: ConfigView) -> Iterator[Hit]:
    """The running train is named by a Cisco advisory whose feature is configured, but the
    rebuild or the fix is not known."""
    for release, line, origin, match in _of(cfg, Exposure.POSSIBLE):
        if match.fixed_in:
            why = (
                f"{match.fixed_in}; {origin} names only the train: give "
                "the full release with --ios-version or lint the 'show version' output"
            )
        else:
            why = "the table has no fixed release for this train: check the advisory"
        yield Hit(
            line,
            f"{release.text} (from {origin}) is named by {_describe(match)}, and "
            f"{match.because}; {why}",
        )


@rule("ADV003", "advisory-note", Severity.INFO)
def advisory_note(cfg: ConfigView) -> Iterator[Hit]:
    """An advisory names the release but its feature is not configured, or concerns a
    configured feature but Cisco's record names no release to compare with."""
    for release, line, origin, match in _matches(cfg):
        if match.exposure is Exposure.UNLISTED:
            if match.applies:
                yield Hit(
                    line,
                    f"{_describe(match)} concerns this router ({match.because}), but Cisco's "
                    f"record names no affected release: check {release.text} (from {origin}) "
                    "with the Cisco Software Checker",
                )
        elif not match.applies:
            yield Hit(
                line,
                f"{release.text} (from {origin}) is {match.exposure.value} by "
                f"{_describe(match)}, which needs {match.needs}: not configured here, so the "
                "router is not exposed; keep it in mind before configuring it",
            )
