"""Is the router at this address the router the inventory names?

Host keys identify an address, not a router: two swapped access ports in the inventory give
each router the other's config. Before any configuration command (and in verify) the router
must show the inventory's hostname in its running config and, where the inventory
(``serial``) or an earlier push (``<archive>/<router>/identity.json``) records one, the same
chassis serial number in ``show version`` ("Processor board ID", the serial IOS and IOS-XE
print there; Cisco IOS XE "show version" command reference).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from dmvpngen.push.model import Check, PushOptions, Target
from dmvpngen.push.private import write_private

__all__ = ["advisory_note", "check_identity", "parse_serial", "record_identity", "running_hostname"]

# What a router calls itself before anyone named it (IOS and IOS-XE factory default).
FACTORY_HOSTNAMES = frozenset({"Router", "Switch"})
_HOSTNAME = re.compile(r"^hostname\s+(\S+)\s*$", re.M)
_SERIAL = re.compile(r"^Processor board ID\s+(\S+)", re.M)


def running_hostname(running: str) -> str:
    """The ``hostname`` of a running config ('' when it has none: the factory default)."""
    match = _HOSTNAME.search(running)
    return match[1] if match else ""


def parse_serial(show_version: str) -> str:
    """The chassis serial number from ``show version`` ('' when not printed)."""
    match = _SERIAL.search(show_version)
    return match[1] if match else ""


def _record_path(opts: PushOptions, hostname: str) -> Path:
    return opts.archive_dir / hostname / "identity.json"


def _recorded_serial(opts: PushOptions, hostname: str) -> tuple[str, str]:
    """(serial, where) recorded by an earlier push ('' when none or unreadable)."""
    path = _record_path(opts, hostname)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "", ""
    serial = data.get("serial", "") if isinstance(data, dict) else ""
    return (str(serial), str(path)) if serial else ("", "")


def record_identity(opts: PushOptions, hostname: str, serial: str) -> None:
    """Remember the serial a router showed when it was first changed, and the run that saw it
    (never overwritten: a replaced chassis must be acknowledged by deleting the record)."""
    path = _record_path(opts, hostname)
    if not serial or path.exists():
        return
    record = {"hostname": hostname, "serial": serial, "run_id": opts.run_id}
    write_private(path, json.dumps(record) + "\n")


def check_identity(
    target: Target, running: str, show: Callable[[str], str], opts: PushOptions
) -> tuple[Check, str]:
    """The identity check and the serial the router showed ('' when not asked)."""
    where = f"{target.host}:{target.port}"
    name = running_hostname(running)
    if name != target.hostname:
        blank = name in FACTORY_HOSTNAMES or not name
        if not (blank and target.hostname in opts.first_push):
            shown = f"'{name}'" if name else "no hostname (factory default)"
            hint = (
                f"if it is a blank router being set up, pass --first-push {target.hostname}"
                if blank
                else "check the inventory's access address for this router"
            )
            return Check(
                name="identity",
                ok=False,
                detail=f"the router at {where} has {shown}, not '{target.hostname}': "
                f"refusing it; {hint}",
            ), ""
    expected, source = target.serial, "the inventory"
    if not expected:
        expected, source = _recorded_serial(opts, target.hostname)
    shown = show("show version") if expected or opts.commit else ""
    serial = parse_serial(shown)
    if expected and serial != expected:
        return Check(
            name="identity",
            ok=False,
            detail=f"the router at {where} has serial number {serial or '(none shown)'}, "
            f"not {expected} as recorded in {source}: refusing it; if the chassis was "
            "replaced, update the inventory's serial or delete that record",
        ), serial
    detail = f"hostname {name or '(factory default, first push)'}"
    if expected:
        detail += f", serial {serial}"
    return Check(name="identity", ok=True, detail=detail + advisory_note(shown, running)), serial


def advisory_note(show_version: str, running: str | None = None) -> str:
    """'; release X (train T) is named by ...' when the release ``show version`` printed is
    named by a Cisco advisory of the shipped table (docs/advisories.md) whose feature the
    running config has (all, when ``running`` is None), else ''. Each advisory comes with the
    first fixed release of the running train where the table knows it. Informative only: the
    push goes on, the engineer sees it in the pre-flight report."""
    from dmvpngen.advisories.features import configured_features
    from dmvpngen.advisories.match import Exposure, Match, matches
    from dmvpngen.advisories.release import parse_release, release_from_show_version

    release = release_from_show_version(show_version)
    if release is None:
        return ""
    features = None if running is None else configured_features(running.splitlines())
    train = release.train_name

    def fix(m: Match) -> str:
        fixed = parse_release(m.first_fixed) if m.first_fixed else None
        if fixed is not None and fixed.train == release.train:
            return f"first fixed in train {train}: {fixed.text}"
        if fixed is not None:  # every rebuild of this train is affected: a later train fixes it
            return f"no fixed release in train {train}; first fixed in {fixed.text}"
        if m.listed:
            return f"Cisco lists {release.text} as affected; no fixed release of {train} tabled"
        return f"no fixed release of train {train} tabled: check the advisory"

    parts = [
        f"{m.advisory.id} ({fix(m)})"
        for m in matches(release, features=features)
        if m.applies and m.exposure in (Exposure.AFFECTED, Exposure.POSSIBLE)
        if m.exposure is Exposure.AFFECTED or m.first_fixed is None
    ]
    if not parts:
        return ""
    return f"; release {release.text} (train {train}) is named by {', '.join(parts)}"
