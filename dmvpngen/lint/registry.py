"""Rule registry: severities, findings, and the ``@rule`` decorator.

A rule is a function ``(cfg: ConfigView) -> Iterable[Hit]`` registered where it is defined with a
stable code, a kebab-case name, a default severity and the role it applies to. The engine turns
hits into :class:`Finding` objects with file, line and device filled in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from dmvpngen.lint.view import ConfigView

__all__ = ["REGISTRY", "Finding", "Hit", "Role", "Rule", "Severity", "new_finding", "rule"]


class Severity(str, Enum):
    """Finding severity; order matters for ``--fail-on``."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 (info) .. 4 (critical)."""
        return _RANK[self]


_RANK = {s: i for i, s in enumerate(Severity)}


class Role(str, Enum):
    """Which routers a rule applies to (detected from the config itself)."""

    ANY = "any"
    HUB = "hub"
    SPOKE = "spoke"
    DMVPN = "dmvpn"  # hub or spoke


class Hit(NamedTuple):
    """What a rule reports: a line (1-based, 0 = whole file), a message and optional details.

    A named tuple (immutable, built by keyword or position) rather than a frozen dataclass:
    rules create tens of these per config and a tuple costs half as much to build.
    """

    line: int
    message: str
    severity: Severity | None = None  # overrides the rule default when context changes it
    fix: tuple[str, ...] = ()  # config lines that fix it, only where the fix is safe
    assumed_default: bool = False  # the finding rests on an IOS default, not a line present


@dataclass(frozen=True)
class Rule:
    """A registered lint rule."""

    code: str
    name: str
    severity: Severity
    role: Role
    summary: str
    check: Callable[[ConfigView], Iterable[Hit]] = field(compare=False, repr=False)


@dataclass(frozen=True, order=True)
class Finding:
    """One finding in one file."""

    file: str
    line: int
    code: str
    name: str = field(compare=False)
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    device: str = field(default="", compare=False)
    text: str = field(default="", compare=False)  # the offending line, secrets masked
    fix: tuple[str, ...] = field(default=(), compare=False)
    assumed_default: bool = field(default=False, compare=False)

    def __reduce__(self) -> tuple[type[Finding], tuple[object, ...]]:
        # Pickled as constructor arguments, not a state dict: worker processes send back tens
        # of findings per file and this makes pickling them four times cheaper.
        return (
            Finding,
            (
                self.file,
                self.line,
                self.code,
                self.name,
                self.severity,
                self.message,
                self.device,
                self.text,
                self.fix,
                self.assumed_default,
            ),
        )


_NEW = object.__new__


def new_finding(
    *,
    file: str,
    line: int,
    code: str,
    name: str,
    severity: Severity,
    message: str,
    device: str,
    text: str,
    fix: tuple[str, ...],
    assumed_default: bool,
) -> Finding:
    """``Finding(...)`` for the engine's hot path: the same object, built without the frozen
    dataclass's ten ``object.__setattr__`` calls (half the cost, tens of findings per file)."""
    finding: Finding = _NEW(Finding)
    finding.__dict__.update(
        file=file,
        line=line,
        code=code,
        name=name,
        severity=severity,
        message=message,
        device=device,
        text=text,
        fix=fix,
        assumed_default=assumed_default,
    )
    return finding


REGISTRY: dict[str, Rule] = {}


def rule(
    code: str, name: str, severity: Severity, role: Role = Role.ANY, summary: str = ""
) -> Callable[[Callable[[ConfigView], Iterable[Hit]]], Callable[[ConfigView], Iterable[Hit]]]:
    """Register the decorated check under ``code``; codes are unique and never reused."""

    def wrap(fn: Callable[[ConfigView], Iterable[Hit]]) -> Callable[[ConfigView], Iterable[Hit]]:
        if code in REGISTRY:
            raise ValueError(f"lint rule code {code} registered twice")
        doc = summary or (fn.__doc__ or "").strip().splitlines()[0]
        REGISTRY[code] = Rule(code, name, severity, role, doc, fn)
        return fn

    return wrap
