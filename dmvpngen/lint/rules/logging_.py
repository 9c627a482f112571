"""Logging and monitoring rules LOG001-LOG010: syslog, timestamps, buffers, login and change logs.

Both spellings of a remote syslog host are understood: ``logging host 192.0.2.1`` and the older
``logging 192.0.2.1``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dmvpngen.lint.registry import Hit, Role, Severity, rule
from dmvpngen.lint.rules._index import Entry, Index, index
from dmvpngen.lint.view import ConfigView

_LEVELS = {
    "emergencies": 0,
    "alerts": 1,
    "critical": 2,
    "errors": 3,
    "warnings": 4,
    "notifications": 5,
    "informational": 6,
    "debugging": 7,
}
_ADDRESS = re.compile(r"^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:]+)$")
_CRYPTO = ("crypto isakmp", "crypto ikev2", "crypto ipsec", "crypto map")


def _level(word: str) -> int | None:
    """Syslog level of a keyword or number, None when it is neither."""
    if word.isdigit():
        return int(word)
    return _LEVELS.get(word)


def syslog_hosts(idx: Index) -> list[Entry]:
    """``logging host X`` and ``logging <address>`` lines."""
    out = []
    for e in idx.starting("logging "):
        w = e.words
        if (len(w) > 2 and w[1] == "host") or (len(w) > 1 and _ADDRESS.match(w[1])):
            out.append(e)
    return out


@rule("LOG001", "no-remote-syslog", Severity.MEDIUM, Role.ANY)
def remote_syslog(cfg: ConfigView) -> Iterator[Hit]:
    """No remote syslog host: logs live only on the router an attacker controls."""
    if not syslog_hosts(index(cfg)):
        yield Hit(0, "no remote syslog host (logging host)")


@rule("LOG002", "syslog-trap-level-low", Severity.LOW, Role.ANY)
def trap_level(cfg: ConfigView) -> Iterator[Hit]:
    """`logging trap` sends less than informational to the syslog hosts (or is disabled)."""
    idx = index(cfg)
    for e in idx.starting("no logging trap"):
        yield Hit(e.number, "syslog trap disabled", fix=("logging trap informational",))
    for e in idx.starting("logging trap "):
        level = _level(e.words[2])
        if level is not None and level < 6:
            msg = f"syslog trap level {e.words[2]} drops informational messages"
            yield Hit(e.number, msg, fix=("logging trap informational",))


@rule("LOG003", "no-log-timestamps", Severity.LOW, Role.ANY)
def timestamps(cfg: ConfigView) -> Iterator[Hit]:
    """Log or debug messages carry no date and time (`service timestamps ... datetime`)."""
    idx = index(cfg)
    for kind in ("log", "debug"):
        line = idx.first(f"service timestamps {kind}")
        if line is None:
            fix = (f"service timestamps {kind} datetime msec localtime show-timezone",)
            yield Hit(0, f"no service timestamps {kind} datetime", fix=fix)
        elif "datetime" not in line.words:
            yield Hit(line.number, f"{kind} timestamps use uptime, not date and time")


@rule("LOG004", "no-buffered-logging", Severity.LOW, Role.ANY)
def buffered(cfg: ConfigView) -> Iterator[Hit]:
    """No local log buffer of an explicit size (`logging buffered <size>`)."""
    idx = index(cfg)
    lines = idx.starting("logging buffered")
    if any(w.isdigit() and int(w) >= 4096 for e in lines for w in e.words[2:]):
        return
    off = idx.first("no logging buffered")
    where = lines[0].number if lines else off.number if off else 0
    yield Hit(where, "no logging buffered <size>", fix=("logging buffered 64000",))


@rule("LOG005", "console-logging-verbose", Severity.LOW, Role.ANY)
def console(cfg: ConfigView) -> Iterator[Hit]:
    """Console logging above `critical` (default `debugging`) can stall the router under load."""
    idx = index(cfg)
    if idx.has("no logging console"):
        return
    lines = [e for e in idx.starting("logging console") if len(e.words) > 2]
    if not lines:
        msg = "console logging at debugging (IOS default)"
        yield Hit(0, msg, fix=("logging console critical",), assumed_default=True)
        return
    level = _level(lines[-1].words[2])
    if level is not None and level > 2:
        msg = f"console logging at {lines[-1].words[2]}; use critical"
        yield Hit(lines[-1].number, msg, fix=("logging console critical",))


@rule("LOG006", "no-logging-source-interface", Severity.LOW, Role.ANY)
def source_interface(cfg: ConfigView) -> Iterator[Hit]:
    """Syslog is sent without a fixed `logging source-interface`."""
    idx = index(cfg)
    if syslog_hosts(idx) and not idx.has("logging source-interface "):
        yield Hit(0, "syslog hosts without logging source-interface")


@rule("LOG007", "login-events-not-logged", Severity.LOW, Role.ANY)
def login_logging(cfg: ConfigView) -> Iterator[Hit]:
    """Failed and successful logins are not both logged."""
    idx = index(cfg)
    missing = tuple(
        f"login on-{k} log" for k in ("failure", "success") if not idx.has(f"login on-{k} log")
    )
    if missing:
        yield Hit(0, "missing " + " and ".join(missing), fix=missing)


@rule("LOG008", "no-config-change-log", Severity.LOW, Role.ANY)
def change_log(cfg: ConfigView) -> Iterator[Hit]:
    """Configuration changes are not logged (`archive` -> `log config` -> `logging enable`)."""
    idx = index(cfg)
    archives = idx.starting("archive")
    for arch in archives:
        for child in idx.block(arch).all("log config"):
            if any(log.norm.startswith("logging enable") for log in idx.children_of(child)):
                return
    fix = ("archive", " log config", "  logging enable")
    yield Hit(archives[0].number if archives else 0, "configuration change logging off", fix=fix)


@rule("LOG009", "snmp-no-traps", Severity.LOW, Role.ANY)
def snmp_traps(cfg: ConfigView) -> Iterator[Hit]:
    """SNMP is configured but sends no traps to a trap receiver."""
    idx = index(cfg)
    used = any(
        idx.has(p) for p in ("snmp-server community ", "snmp-server user ", "snmp-server group ")
    )
    if not used:
        return
    missing = [p for p in ("snmp-server host", "snmp-server enable traps") if not idx.has(p + " ")]
    if missing:
        yield Hit(0, "SNMP in use but missing " + " and ".join(missing))


@rule("LOG010", "no-crypto-session-logging", Severity.INFO, Role.ANY)
def crypto_logging(cfg: ConfigView) -> Iterator[Hit]:
    """IPsec/IKE tunnels come and go without a syslog message (`crypto logging session`)."""
    idx = index(cfg)
    if not any(idx.has(p) for p in _CRYPTO) or idx.has("crypto logging session"):
        return
    yield Hit(0, "no crypto logging session", fix=("crypto logging session",))
