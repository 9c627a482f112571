"""The lint engine: read sources, run the rules for the device's role, apply suppressions and
waivers, and return findings. No printing here: the CLI renders :class:`LintReport`."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dmvpngen.errors import Problem, UsageError
from dmvpngen.lint.config import LintSettings
from dmvpngen.lint.registry import REGISTRY, Finding, Role, Rule, Severity, new_finding
from dmvpngen.lint.sources import Source, UnreadableError, expand_paths, read_config_source
from dmvpngen.parse.collector import collector_paused

if TYPE_CHECKING:
    from dmvpngen.lint.view import ConfigView
    from dmvpngen.lint.waivers import Waiver

__all__ = [
    "ENGINE_RULES",
    "FileResult",
    "LintReport",
    "all_rules",
    "lint_source",
    "lint_sources",
    "lint_text",
    "resolve_codes",
    "sources_from_paths",
]


def _engine_rule(code: str, name: str, severity: Severity, summary: str) -> Rule:
    return Rule(code, name, severity, Role.ANY, summary, lambda cfg: ())


# Findings the engine itself raises (not decidable from one config, so not in REGISTRY).
ENGINE_RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        _engine_rule("LNT001", "expired-waiver", Severity.MEDIUM, "A waiver has expired."),
        _engine_rule("LNT002", "rule-error", Severity.LOW, "A rule failed on this config."),
    )
}


def all_rules() -> dict[str, Rule]:
    """Every rule code the linter can report, sorted by code."""
    import dmvpngen.lint.rules  # noqa: F401  (registers every rule module)

    merged = {**REGISTRY, **ENGINE_RULES}
    return dict(sorted(merged.items()))


def resolve_codes(values: Iterable[str], option: str) -> tuple[str, ...]:
    """Validate codes or prefixes (``CRY``, ``CRY01``, ``DMV003``) against the known rules."""
    known = all_rules()
    out = []
    for value in values:
        code = value.strip().upper()
        if not code:
            continue
        if not any(k.startswith(code) for k in known):
            raise UsageError(
                f"{option}: unknown rule code or prefix {value!r}",
                hint="run 'dmvpngen rules' to list the codes",
            )
        out.append(code)
    return tuple(out)


@dataclass
class FileResult:
    """The outcome for one source: its findings, or the problem that stopped it being read."""

    file: str
    device: str = ""
    role: str = ""
    findings: list[Finding] = field(default_factory=list)
    suppressed: int = 0
    waived: int = 0
    error: Problem | None = None
    notes: list[str] = field(default_factory=list)  # how the input was read (encoding, paste)


@dataclass
class LintReport:
    """Every file's result, plus engine findings (expired waivers)."""

    files: list[FileResult]
    fail_on: Severity
    extra: list[Finding] = field(default_factory=list)
    active: tuple[str, ...] = ()  # codes that ran (plus engine codes), for SARIF rule metadata

    @property
    def findings(self) -> list[Finding]:
        """All findings, in file order then line then code."""
        return [f for r in self.files for f in r.findings] + self.extra

    @property
    def errors(self) -> list[Problem]:
        """Sources that could not be read."""
        return [r.error for r in self.files if r.error is not None]

    def counts(self) -> dict[str, int]:
        """Findings per severity, highest first."""
        out = {s.value: 0 for s in reversed(Severity)}
        for f in self.findings:
            out[f.severity.value] += 1
        return out

    @property
    def failed(self) -> bool:
        """True when a finding is at or above the ``fail_on`` threshold."""
        return any(f.severity.rank >= self.fail_on.rank for f in self.findings)

    @property
    def exit_code(self) -> int:
        """2 unreadable input, 1 findings at or above the threshold, else 0."""
        if self.errors:
            return 2
        return 1 if self.failed else 0


def _applies(rule: Rule, role: str) -> bool:
    if rule.role is Role.ANY:
        return True
    if rule.role is Role.DMVPN:
        return role in ("hub", "spoke")
    return bool(rule.role.value == role)


def _active(settings: LintSettings) -> list[Rule]:
    return list(_active_for(settings.select, settings.ignore))


@functools.lru_cache(maxsize=64)
def _active_for(select: tuple[str, ...], ignore: tuple[str, ...]) -> tuple[Rule, ...]:
    """The registered rules a selection runs (cached: computed once per selection)."""
    return tuple(
        r
        for code, r in all_rules().items()
        if code in REGISTRY
        and (not select or any(code.startswith(s) for s in select))
        and not any(code.startswith(i) for i in ignore)
    )


@functools.lru_cache(maxsize=64)
def _runs_on(select: tuple[str, ...], ignore: tuple[str, ...], role: str) -> tuple[Rule, ...]:
    """The active rules that apply to a device of ``role`` (cached: a few roles per run)."""
    return tuple(r for r in _active_for(select, ignore) if _applies(r, role))


def lint_text(
    text: str, file: str, settings: LintSettings, waivers: Sequence[Waiver] = ()
) -> FileResult:
    """Lint one config held in memory."""
    from dmvpngen.lint.view import ConfigView

    cfg = ConfigView(text, file=file, ios_version=settings.ios_version, settings=settings)
    # The view, its indexes and the rules allocate thousands of short-lived objects; each burst
    # would make the collector rescan the parsed lines, which live until the file is done.
    with collector_paused():
        return _run_rules(cfg, file, settings, waivers)


def _run_rules(
    cfg: ConfigView, file: str, settings: LintSettings, waivers: Sequence[Waiver]
) -> FileResult:
    """Run the active rules on one view and turn their hits into findings."""
    from dmvpngen.lint.mask import mask_secrets
    from dmvpngen.lint.suppress import find_suppressions

    role, device, raw_lines = cfg.role, cfg.hostname, cfg.raw_lines
    result = FileResult(file, device=device, role=role)
    suppressions = find_suppressions(raw_lines)
    found: dict[tuple[int, str, str], Finding] = {}
    masked: dict[int, str] = {}
    overrides = settings.severity
    for rule in _runs_on(settings.select, settings.ignore, role):
        code = rule.code
        try:
            hits = list(rule.check(cfg))
        except Exception as exc:  # a rule bug must not stop the lint: report it as a finding
            hits = []
            lnt = _engine_finding(
                "LNT002", file, 0, device, f"rule {code} failed: {type(exc).__name__}"
            )
            found[(0, lnt.code, lnt.message)] = lnt
        for hit in hits:
            message = hit.message
            if hit.assumed_default and "default" not in message:
                message += " (IOS default assumed)"
            line = hit.line if 0 < hit.line <= len(raw_lines) else 0
            if suppressions and any(s.covers(code, line) for s in suppressions):
                result.suppressed += 1
                continue
            if waivers and any(w.covers(device, code) for w in waivers):
                result.waived += 1
                continue
            key = (line, code, message)
            if key in found:  # one line may carry several findings of a code: keyed on message
                continue
            shown = masked.get(line)
            if shown is None:
                raw = raw_lines[line - 1] if line else ""
                shown = masked[line] = mask_secrets(raw.strip())
            found[key] = new_finding(
                file=file,
                line=line,
                code=code,
                name=rule.name,
                severity=overrides.get(code) or hit.severity or rule.severity,
                message=message,
                device=device,
                text=shown,
                fix=hit.fix,
                assumed_default=hit.assumed_default,
            )
    result.findings = sorted(found.values(), key=lambda f: (f.line, f.code, f.message))
    return result


def _engine_finding(code: str, file: str, line: int, device: str, message: str) -> Finding:
    rule = ENGINE_RULES[code]
    return Finding(file, line, code, rule.name, rule.severity, message, device)


def lint_source(source: Source, settings: LintSettings, waivers: Sequence[Waiver]) -> FileResult:
    """Read and lint one source; an unreadable one becomes a located error, not an exception."""
    try:
        config = read_config_source(source)
    except UnreadableError as exc:
        return FileResult(source.name, error=exc.problem)
    from dmvpngen.lint.view import ConfigView

    cfg = ConfigView(
        config.text,
        file=source.name,
        ios_version=settings.ios_version,
        settings=settings,
        source=config,
    )
    with collector_paused():
        result = _run_rules(cfg, source.name, settings, waivers)
    result.notes = list(config.notes)
    return result


# Below this much config text a process pool costs more than it saves: starting the workers and
# sending results back costs ~50 ms of CPU (measured: 34 real configs, 250 KB, take 0.66 s of CPU
# in one process and 0.71 s with two workers), about what linting 50 KB of config takes.
POOL_MIN_BYTES = 128 * 1024


def _worth_a_pool(sources: Sequence[Source]) -> bool:
    """True when ``sources`` hold enough text for parallel linting to pay (sizes from disk)."""
    if len(sources) < 2:
        return False
    total = 0
    for source in sources:
        if source.data is not None:
            total += len(source.data)
        elif source.path is not None:
            with contextlib.suppress(OSError):  # unreadable: reported when it is read
                total += source.path.stat().st_size
        if total >= POOL_MIN_BYTES:
            return True
    return False


def lint_sources(
    sources: Sequence[Source],
    settings: LintSettings,
    waivers: Sequence[Waiver] = (),
    *,
    jobs: int | None = None,
    today: dt.date | None = None,
) -> LintReport:
    """Lint many sources, in parallel processes when there are enough of them."""
    today = today or dt.date.today()
    live = tuple(w for w in waivers if not w.expired(today))
    jobs = jobs or min(os.cpu_count() or 1, 8)
    if jobs > 1 and _worth_a_pool(sources):
        from dmvpngen.lint.pool import lint_parallel

        results = lint_parallel(sources, settings, live, jobs)
    else:
        results = [lint_source(s, settings, live) for s in sources]
    extra = [
        _engine_finding(
            "LNT001",
            w.file,
            w.line,
            w.device,
            f"waiver for {w.code} on {w.device} expired on {w.expires.isoformat()}: "
            "fix the finding or renew the waiver",
        )
        for w in waivers
        if w.expired(today)
    ]
    extra = [f for f in extra if not any(f.code.startswith(i) for i in settings.ignore)]
    active = tuple(sorted([r.code for r in _active(settings)] + list(ENGINE_RULES)))
    return LintReport(results, settings.fail_on, sorted(extra), active)


def sources_from_paths(paths: Sequence[str], stdin: bytes | None = None) -> list[Source]:
    """Expand CLI paths (files, directories, ``-``) into sources, in a stable order."""
    return expand_paths([Path(p) if p != "-" else None for p in paths], stdin)
