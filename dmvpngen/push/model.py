"""Inputs and results of push and verify: what to push where, and what happened per device."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, computed_field

from dmvpngen.push.interrupt import Interrupt

__all__ = [
    "Check",
    "ConfigState",
    "DeviceResult",
    "DeviceStatus",
    "PushOptions",
    "PushReport",
    "Target",
]


@dataclass(frozen=True)
class Target:
    """One router to push to: where to reach it and the full config it should run."""

    hostname: str
    role: str  # "hub" | "spoke"
    platform: str  # "ios" | "iosxe"
    host: str
    port: int
    intended: str
    serial: str = ""  # chassis serial the inventory records ('' = none)

    @property
    def device_type(self) -> str:
        """The netmiko driver for the platform."""
        return "cisco_xe" if self.platform == "iosxe" else "cisco_ios"


@dataclass(frozen=True)
class PushOptions:
    """How a push or verify run behaves; defaults are the CLI defaults."""

    commit: bool = False
    include_guarded: bool = False
    concurrency: int = 10
    max_failures: int = 0
    revert_minutes: int = 10
    archive_dir: Path = Path("archive")
    known_hosts: Path | None = None
    accept_new_host_keys: bool = False
    session_log_dir: Path | None = None
    verify_timeout: float = 120.0
    verify_interval: float = 5.0
    conn_timeout: float = 10.0
    # Every command's answer must start within this many seconds (a silent router is given
    # up after it); keepalive probes every `keepalive` s, the session counts as lost after
    # `keepalive_count` unanswered ones (0 disables the probes).
    read_timeout: float = 20.0
    keepalive: float = 2.0
    keepalive_count: int = 2
    # Routers allowed to carry a factory hostname ("Router") on their first push.
    first_push: frozenset[str] = frozenset()
    # Signals of this run (the CLI's handlers feed it); a library caller may share one too.
    interrupt: Interrupt = field(default_factory=Interrupt)
    # Extra netmiko arguments (the test suite tunes timing for the simulated routers).
    netmiko_extra: dict[str, object] = field(default_factory=dict)


class DeviceStatus(str, Enum):
    """Outcome of one device."""

    UNCHANGED = "unchanged"  # running already matched the intent
    WOULD_CHANGE = "would-change"  # dry run: a diff exists, nothing was sent
    CHANGED = "changed"  # applied, verified, confirmed and saved
    REVERTED = "reverted"  # applied, then rolled back (error or failed verification)
    FAILED = "failed"  # could not complete; see config_state for where it ended
    SKIPPED = "skipped"  # not attempted: the rollout stopped before reaching it
    VERIFIED = "verified"  # verify command: every check passed


class ConfigState(str, Enum):
    """Which configuration the device runs at the end."""

    OLD = "old"
    NEW = "new"
    # Connection lost after changes were sent and no reconnect: the on-box revert timer
    # restores the old config when it expires.
    REVERT_PENDING = "old-after-revert-timer"
    # A revert ran but the owned sections still differ from the backup: check by hand.
    UNKNOWN = "unknown"


class Check(BaseModel):
    """One verification check on one device."""

    model_config = ConfigDict(frozen=True)

    name: str
    ok: bool
    detail: str = ""


class DeviceResult(BaseModel):
    """What happened on one device (secrets already masked)."""

    model_config = ConfigDict(frozen=True)

    hostname: str
    role: str
    status: DeviceStatus
    config_state: ConfigState
    diff: list[str] = []
    checks: list[Check] = []
    error: str = ""
    backup: str = ""
    host_key: str = ""  # fingerprint of a host key recorded by this run
    warnings: list[str] = []
    duration: float = 0.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def outcome(self) -> str:
        """Where the router is, in the operator's words: changed, unchanged, reverted,
        untouched, left for the on-box timer, unknown, or changed but unsaved."""
        if self.config_state is ConfigState.UNKNOWN:
            return "unknown"
        if self.config_state is ConfigState.REVERT_PENDING:
            return "left for the on-box timer"
        if self.status is DeviceStatus.REVERTED:
            return "reverted"
        if self.config_state is ConfigState.NEW:
            return {DeviceStatus.CHANGED: "changed", DeviceStatus.UNCHANGED: "unchanged"}.get(
                self.status, "changed, unsaved"
            )
        return "untouched"

    @property
    def failed(self) -> bool:
        """True when this device counts against the failure budget and the exit code."""
        return self.status in (DeviceStatus.FAILED, DeviceStatus.REVERTED)


class PushReport(BaseModel):
    """The whole run, in rollout order."""

    model_config = ConfigDict(frozen=True)

    commit: bool
    mode: str = "push"  # "push" | "dry-run" | "verify"
    stopped: bool = False
    stop_reason: str = ""
    interrupted: str = ""  # "SIGINT" / "SIGTERM" when a signal stopped the run
    devices: list[DeviceResult] = []

    @property
    def ok(self) -> bool:
        """True when no device failed or was reverted."""
        return not any(d.failed for d in self.devices)

    def as_json(self, *, with_duration: bool = True) -> dict[str, object]:
        """JSON form; durations are the only non-deterministic field."""
        data = self.model_dump(mode="json")
        if not with_duration:
            for device in data["devices"]:
                device.pop("duration", None)
        return data
