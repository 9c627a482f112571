"""Sending a plan to a router: the archive step, the rollback-protected session, the revert.

Why the ``archive`` section goes first, outside the protected session: ``configure terminal
revert timer`` needs the configuration archive (Cisco, "Configuration Rollback Confirmed
Change": "You must configure a configuration archive before performing this procedure"),
and when the session starts the router writes its rollback copy of the running config *into*
that archive ("Rollback Confirmed Change: Backing up current running config to
flash:<path>-<n>"). Cisco documents no behaviour for a ``path`` or ``maximum`` change while that
copy is pending (new copies go to the new path, and ``maximum`` prunes the oldest files), so the
revert must not depend on it: archive changes are applied, checked and, on failure, undone in
a plain ``configure terminal`` step, and the protected session then checkpoints into the
archive as it will stay.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from dmvpngen.push.banners import BannerRejected, is_banner_command, send_banner
from dmvpngen.push.diff import Plan, config_blocks, send_commands
from dmvpngen.push.interrupt import Interrupt

__all__ = [
    "ERROR_PATTERN",
    "Rejected",
    "send_plan",
    "split_archive",
    "undo_archive",
]

# IOS answers a bad config line with one of these; netmiko raises ConfigInvalidException on it.
ERROR_PATTERN = r"^\s*%\s*(Invalid|Incomplete|Ambiguous|Unknown)"
# Lines sent between two interrupt checks: small enough that a first signal is acted on within
# a second or two, large enough not to slow a push down.
CHUNK = 12


class Rejected(Exception):
    """The router refused a config line."""


def split_archive(plan: Plan) -> tuple[Plan, Plan]:
    """(the ``archive`` section's lines, everything else)."""
    archive: list[str] = []
    rest: list[str] = []
    into = rest
    for line in plan.lines:
        if not line.startswith(" "):
            into = archive if line in ("archive", "no archive") else rest
        into.append(line)
    return (
        Plan(tuple(archive), empty_modes=plan.empty_modes),
        Plan(tuple(rest), plan.diff, plan.empty_modes),
    )


def _chunks(plan: Plan) -> Iterator[list[str]]:
    """The plan's commands in chunks of whole top-level sections, each ending back at the
    (config)# level, so a check between two chunks never splits a section."""
    groups: list[list[str]] = []
    for line in plan.lines:
        if not line.startswith(" ") or not groups:
            groups.append([])
        groups[-1].append(line)
    chunk: list[str] = []
    for group in groups:
        chunk += group
        if len(chunk) >= CHUNK or group is groups[-1]:
            depth = len(chunk[-1]) - len(chunk[-1].lstrip(" "))
            yield send_commands(Plan(tuple(chunk), empty_modes=plan.empty_modes)) + ["exit"] * depth
            chunk = []


def _batches(chunk: list[str]) -> Iterator[list[str]]:
    """The chunk split so that every banner command is a batch of its own."""
    batch: list[str] = []
    for command in chunk:
        if is_banner_command(command):
            if batch:
                yield batch
            yield [command]
            batch = []
        else:
            batch.append(command)
    if batch:
        yield batch


def send_plan(
    conn: Any, plan: Plan, read_timeout: float, interrupt: Interrupt | None = None
) -> None:
    """Type the plan in the current config mode, checking for a signal between chunks."""
    from netmiko.exceptions import ConfigInvalidException

    for chunk in _chunks(plan):
        if interrupt is not None:
            interrupt.check("while sending the change")
        for batch in _batches(chunk):
            try:
                if is_banner_command(batch[0]):
                    send_banner(conn, batch[0], read_timeout)
                    continue
                conn.send_config_set(
                    batch,
                    enter_config_mode=False,
                    exit_config_mode=False,
                    error_pattern=ERROR_PATTERN,
                    read_timeout=read_timeout,
                )
            except (ConfigInvalidException, BannerRejected) as exc:
                raise Rejected(f"rejected by the router: {exc}") from None


def undo_archive(
    conn: Any, old_running: str, read_timeout: float, show: Callable[[str], str]
) -> bool:
    """Put the ``archive`` section back as it was; True when the router shows it so."""
    old = {b.head: b for b in config_blocks(old_running)}.get("archive")
    lines = ["no archive"]
    if old is not None:
        lines += [old.head, *(line.strip() for line in old.body)]
    if conn.check_config_mode():  # a rejected line leaves the router in a sub-mode
        conn.exit_config_mode()
    conn.send_config_set(lines, read_timeout=read_timeout)
    now = {b.head: b for b in config_blocks(show("show running-config"))}.get("archive")
    return (now is None and old is None) or (
        now is not None and old is not None and now.body == old.body
    )
