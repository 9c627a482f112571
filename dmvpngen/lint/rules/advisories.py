"""Software advisories (ADV001, ADV002): the release a router runs, against Cisco's advisories.

The release comes from ``--ios-version`` when given, else from ``show version`` output in the
linted file ("Cisco IOS XE Software, Version 17.03.04a"), else from the config's ``version`` line,
which names only the train. The advisory table is ``dmvpngen/data/advisories.yaml``
(docs/advisories.md).
"""

from __future__ import annotations

from collections.abc import Iterator

from dmvpngen.advisories.release import Release, parse_release
from dmvpngen.advisories.showversion import parse_show_version
from dmvpngen.advisories.table import Exposure, Match, matches
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


def _exposed(cfg: ConfigView) -> bool:
    # IKE flaws need IKE configured, GRE/NHRP ones a tunnel: a router with neither is not exposed
    return bool(cfg.tunnels) or cfg.has(r"^crypto (?:isakmp|ikev2|ipsec|map)\s")


def _describe(match: Match) -> str:
    adv = match.advisory
    return f"{adv.id} ({', '.join(adv.cves)}, {'/'.join(adv.topics)}; {adv.url})"


def _matches(cfg: ConfigView, exposure: Exposure) -> Iterator[tuple[Release, int, str, Match]]:
    if not _exposed(cfg):
        return
    release, line, origin = running_release(cfg)
    for match in matches(release, tunnels=bool(cfg.tunnels)):
        if match.exposure is exposure and release is not None:
            yield release, line, origin, match


@rule("ADV001", "release-affected-by-advisory", Severity.HIGH)
def release_affected(cfg: ConfigView) -> Iterator[Hit]:
    """The running release is below the first fixed release of a Cisco advisory, or one Cisco
    lists as affected."""
    for release, line, origin, match in _matches(cfg, Exposure.AFFECTED):
        what = f"release {release.text}" if release.exact else f"every release of {release.text}"
        if match.fixed_in:
            fix = match.fixed_in
        elif match.listed:  # named in Cisco's list of affected releases, which names no fix
            fix = "Cisco lists this release as affected: move to a release it does not list"
        else:
            fix = "Cisco's text names this release as affected but no fix: check the advisory"
        yield Hit(line, f"{what} (from {origin}) is affected by {_describe(match)}: {fix}")


@rule("ADV002", "release-possibly-affected", Severity.LOW)
def release_possibly_affected(cfg: ConfigView) -> Iterator[Hit]:
    """The running train is named by a Cisco advisory, but the rebuild or the fix is not known."""
    for release, line, origin, match in _matches(cfg, Exposure.POSSIBLE):
        if match.fixed_in:
            why = (
                f"{match.fixed_in}; {origin} names only the train: give "
                "the full release with --ios-version or lint the 'show version' output"
            )
        else:
            why = "the table has no fixed release for this train: check the advisory"
        yield Hit(line, f"{release.text} (from {origin}) is named by {_describe(match)}; {why}")
