"""Management-plane rules MGT001-MGT024: passwords, AAA, lines, HTTP, SNMP, SSH, banners.

Secrets never reach a message: rules say which type a secret has, never its value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dmvpngen.lint.registry import Hit, Role, Severity, rule
from dmvpngen.lint.rules._index import Entry, index
from dmvpngen.lint.rules._secrets import (
    accepted_secret_types,
    grade,
    secret_type,
    type_text,
    user_problem,
)
from dmvpngen.lint.view import ConfigView

_TYPE7 = re.compile(r"\b(password|key|key-string|secret|authentication-key|md5) 7 (\S+)")
_NOT_A_VALUE = frozenset({"address", "hostname", "ipv6"})


@rule("MGT001", "enable-password-used", Severity.HIGH, Role.ANY)
def enable_password(cfg: ConfigView) -> Iterator[Hit]:
    """`enable password` is stored in clear or as reversible type 7."""
    for e in index(cfg).starting("enable password"):
        yield Hit(
            e.number, "enable password is reversible; use `enable algorithm-type scrypt secret`"
        )


@rule("MGT002", "enable-secret-weak-type", Severity.HIGH, Role.ANY)
def enable_secret(cfg: ConfigView) -> Iterator[Hit]:
    """The enable secret is not hashed with an accepted type (8 or 9)."""
    strong = accepted_secret_types(cfg)
    for e in index(cfg).starting("enable "):
        w = e.words
        algo = None
        if len(w) > 3 and w[1] == "algorithm-type":
            algo, w = w[2], w[2:]
        if len(w) < 3 or w[1] != "secret":
            continue
        kind = secret_type(w[2:], algo)
        sev = grade(kind, strong)
        if sev is not None:
            yield Hit(e.number, f"enable secret is {type_text(kind)}; use type 8 or 9", sev)


@rule("MGT003", "local-user-weak-password", Severity.HIGH, Role.ANY)
def local_user(cfg: ConfigView) -> Iterator[Hit]:
    """A local user has a `password`, no password, or a secret not of type 8/9."""
    strong = accepted_secret_types(cfg)
    for e in index(cfg).starting("username "):
        problem = user_problem(e, strong)
        if problem is not None:
            user = e.raw_words[1] if len(e.raw_words) > 1 else "?"
            yield Hit(e.number, f"user {user} {problem[0]}; use type 8 or 9 secret", problem[1])


@rule("MGT004", "type7-password", Severity.HIGH, Role.ANY)
def type7(cfg: ConfigView) -> Iterator[Hit]:
    """A password, key or secret is stored as type 7, which anyone can reverse."""
    for e in index(cfg).every:
        if " 7 " not in e.norm:
            continue
        match = _TYPE7.search(e.norm)
        if match and match.group(2) not in _NOT_A_VALUE:
            yield Hit(e.number, f"{match.group(1)} stored as type 7 (reversible obfuscation)")


@rule("MGT005", "no-password-encryption", Severity.LOW, Role.ANY)
def password_encryption(cfg: ConfigView) -> Iterator[Hit]:
    """`service password-encryption` is not on, so type 0 passwords show in clear."""
    idx = index(cfg)
    if idx.has("service password-encryption"):
        return
    off = idx.first("no service password-encryption")
    fix = ("service password-encryption",)
    if off is not None:
        yield Hit(off.number, "service password-encryption is disabled", fix=fix)
    else:
        yield Hit(
            0, "service password-encryption is off (IOS default)", fix=fix, assumed_default=True
        )


@rule("MGT006", "aaa-not-enabled", Severity.MEDIUM, Role.ANY)
def aaa_new_model(cfg: ConfigView) -> Iterator[Hit]:
    """`aaa new-model` is missing: no AAA method lists, accounting or per-user authorization."""
    idx = index(cfg)
    if idx.has("aaa new-model"):
        return
    off = idx.first("no aaa new-model")
    yield Hit(
        off.number if off else 0, "AAA is not enabled (aaa new-model)", assumed_default=not off
    )


@rule("MGT007", "aaa-fallback-none", Severity.HIGH, Role.ANY)
def aaa_none(cfg: ConfigView) -> Iterator[Hit]:
    """An AAA authentication method list ends in `none`: access without credentials."""
    for e in index(cfg).starting("aaa authentication "):
        w = e.words
        if len(w) > 4 and w[2] in {"login", "enable", "ppp", "dot1x"} and "none" in w[4:]:
            yield Hit(
                e.number, f"aaa authentication {w[2]} list {e.raw_words[3]} falls back to `none`"
            )


@rule("MGT008", "no-accounting", Severity.LOW, Role.ANY)
def accounting(cfg: ConfigView) -> Iterator[Hit]:
    """No exec or privilege-15 command accounting: admin sessions leave no AAA trail."""
    idx = index(cfg)
    missing = [
        text
        for text, prefix in (
            ("aaa accounting exec", "aaa accounting exec "),
            ("aaa accounting commands 15", "aaa accounting commands 15 "),
        )
        if not idx.has(prefix)
    ]
    if missing:
        yield Hit(0, "missing " + " and ".join(missing))


@rule("MGT009", "vty-transport-insecure", Severity.HIGH, Role.ANY)
def vty_transport(cfg: ConfigView) -> Iterator[Hit]:
    """A vty line accepts telnet or all protocols (or has no `transport input`)."""
    for blk in index(cfg).lines_of("vty"):
        entries = blk.all("transport input")
        if not entries:
            msg = "vty line has no `transport input`: release default may allow telnet"
            yield Hit(blk.number, msg, assumed_default=True)
            continue
        protocols = set(entries[-1].words[2:])
        if not protocols <= {"ssh", "none"}:
            bad = ", ".join(sorted(protocols - {"ssh", "none"}))
            yield Hit(entries[-1].number, f"vty line accepts {bad}; allow ssh only")


@rule("MGT010", "ssh-v1-allowed", Severity.HIGH, Role.ANY)
def ssh_version(cfg: ConfigView) -> Iterator[Hit]:
    """SSH version 1 is allowed: `ip ssh version 2` is missing (IOS default is 1.99)."""
    idx = index(cfg)
    if idx.has("ip ssh version 2"):
        return
    v1 = idx.first("ip ssh version 1")
    fix = ("ip ssh version 2",)
    if v1 is not None:
        yield Hit(v1.number, "SSH version 1 is configured", fix=fix)
    else:
        msg = "ip ssh version 2 missing: IOS default 1.99 accepts SSHv1"
        yield Hit(0, msg, fix=fix, assumed_default=True)


@rule("MGT011", "vty-no-access-class", Severity.MEDIUM, Role.ANY)
def vty_acl(cfg: ConfigView) -> Iterator[Hit]:
    """A vty line that accepts connections has no inbound `access-class`."""
    for blk in index(cfg).lines_of("vty"):
        transport = blk.all("transport input")
        if transport and transport[-1].words[2:] == ["none"]:
            continue
        if not any("in" in c.words[2:] for c in blk.all("access-class ")):
            yield Hit(blk.number, "vty line has no `access-class ... in`: reachable from anywhere")


def _timeout_seconds(e: Entry) -> int | None:
    w = e.words
    if w[0] == "no":
        return 0
    try:
        return int(w[1]) * 60 + (int(w[2]) if len(w) > 2 else 0)
    except (IndexError, ValueError):
        return None


@rule("MGT012", "exec-timeout-long", Severity.MEDIUM, Role.ANY)
def exec_timeout(cfg: ConfigView) -> Iterator[Hit]:
    """A console, aux or vty line never times out or idles longer than 10 minutes."""
    idx = index(cfg)
    for kind in ("con", "aux", "vty"):
        for blk in idx.lines_of(kind):
            if kind == "aux" and blk.has("no exec"):
                continue  # no exec session can start there
            for e in blk.children:
                if not e.norm.startswith(("exec-timeout", "no exec-timeout")):
                    continue
                secs = _timeout_seconds(e)
                if secs is not None and (secs == 0 or secs > 600):
                    what = "never times out" if secs == 0 else f"idles {secs // 60} min"
                    fix = (blk.entry.line.text, " exec-timeout 10 0")
                    yield Hit(e.number, f"{blk.entry.line.text} {what}; use <= 10 min", fix=fix)


@rule("MGT013", "aux-exec-enabled", Severity.LOW, Role.ANY)
def aux_exec(cfg: ConfigView) -> Iterator[Hit]:
    """The AUX port starts an exec session (no `no exec`); `transport input none` is not enough."""
    for blk in index(cfg).lines_of("aux"):
        if not blk.has("no exec"):
            fix = (blk.entry.line.text, " no exec")
            yield Hit(
                blk.number, "AUX line allows exec (IOS default)", fix=fix, assumed_default=True
            )


@rule("MGT014", "http-server-enabled", Severity.HIGH, Role.ANY)
def http_server(cfg: ConfigView) -> Iterator[Hit]:
    """The clear-text HTTP management server is on."""
    for e in index(cfg).starting("ip http server"):
        yield Hit(
            e.number, "HTTP server on: credentials cross in clear", fix=("no ip http server",)
        )


@rule("MGT015", "https-unrestricted", Severity.MEDIUM, Role.ANY)
def https_server(cfg: ConfigView) -> Iterator[Hit]:
    """The HTTPS server has no `ip http access-class` or no `ip http authentication`."""
    idx = index(cfg)
    for e in idx.starting("ip http secure-server"):
        missing = [p for p in ("access-class", "authentication") if not idx.has(f"ip http {p} ")]
        if missing:
            yield Hit(e.number, "HTTPS server without ip http " + " and ".join(missing))


def _communities(cfg: ConfigView) -> Iterator[tuple[Entry, list[str]]]:
    """``snmp-server community`` lines with their raw words after the community string."""
    for e in index(cfg).starting("snmp-server community "):
        raw = e.raw_words
        if len(raw) >= 3:
            yield e, raw


@rule("MGT016", "snmp-default-community", Severity.CRITICAL, Role.ANY)
def snmp_default(cfg: ConfigView) -> Iterator[Hit]:
    """An SNMP community is `public` or `private`, the first strings any scanner tries."""
    for e, raw in _communities(cfg):
        if raw[2].lower() in {"public", "private"}:
            yield Hit(e.number, "SNMP community is a well-known default string")


@rule("MGT017", "snmp-rw-community", Severity.HIGH, Role.ANY)
def snmp_rw(cfg: ConfigView) -> Iterator[Hit]:
    """An SNMP v1/v2c community grants write access."""
    for e, raw in _communities(cfg):
        if any(w.lower() == "rw" for w in raw[3:]):
            yield Hit(e.number, "SNMP community has RW access (clear-text write to the config)")


def _community_acl(raw: list[str]) -> str | None:
    """ACL argument of a community line (after view/RO/RW/ipv6 options), if any."""
    i = 3
    while i < len(raw):
        tok = raw[i].lower()
        if tok in {"view", "ipv6"}:
            i += 2
        elif tok in {"ro", "rw"}:
            i += 1
        else:
            return raw[i]
    return None


@rule("MGT018", "snmp-community-no-acl", Severity.MEDIUM, Role.ANY)
def snmp_acl(cfg: ConfigView) -> Iterator[Hit]:
    """An SNMP community is not restricted to management stations by an IPv4 ACL."""
    for e, raw in _communities(cfg):
        if _community_acl(raw) is None:
            yield Hit(e.number, "SNMP community without an access list")


@rule("MGT019", "snmpv3-weak", Severity.HIGH, Role.ANY)
def snmpv3(cfg: ConfigView) -> Iterator[Hit]:
    """SNMPv3 group without `priv`, or a user without privacy or with DES/3DES privacy."""
    idx = index(cfg)
    for e in idx.starting("snmp-server group "):
        w = e.words
        if len(w) > 4 and w[3] == "v3" and w[4] in {"noauth", "auth"}:
            yield Hit(e.number, f"SNMPv3 group {e.raw_words[2]} uses {w[4]}; use priv")
    for e in idx.starting("snmp-server user "):
        w = e.words
        if "v3" not in w:
            continue
        if "priv" not in w:
            yield Hit(e.number, "SNMPv3 user without privacy (traffic in clear)")
        elif w[w.index("priv") + 1 : w.index("priv") + 2] in (["des"], ["3des"]):
            yield Hit(e.number, "SNMPv3 user with DES/3DES privacy; use aes 128 or stronger")


@rule("MGT020", "ssh-timeouts-loose", Severity.LOW, Role.ANY)
def ssh_timers(cfg: ConfigView) -> Iterator[Hit]:
    """SSH negotiation time-out above 60 s (default 120 s) or more than 3 retries."""
    idx = index(cfg)
    timeout = idx.first("ip ssh time-out ")
    if timeout is None:
        msg = "ip ssh time-out missing: IOS default is 120 s"
        yield Hit(0, msg, fix=("ip ssh time-out 60",), assumed_default=True)
    elif _int(timeout.words[-1]) > 60:
        yield Hit(timeout.number, "SSH time-out above 60 s", fix=("ip ssh time-out 60",))
    retries = idx.first("ip ssh authentication-retries ")
    if retries is not None and _int(retries.words[-1]) > 3:
        fix = ("ip ssh authentication-retries 3",)
        yield Hit(retries.number, "more than 3 SSH authentication retries", fix=fix)


def _int(word: str) -> int:
    return int(word) if word.isdigit() else 0


@rule("MGT021", "no-login-lockout", Severity.LOW, Role.ANY)
def login_block(cfg: ConfigView) -> Iterator[Hit]:
    """No `login block-for`: password guessing is not slowed down."""
    if not index(cfg).has("login block-for "):
        yield Hit(0, "no login block-for (login retry lockout)")


@rule("MGT022", "no-login-banner", Severity.LOW, Role.ANY)
def banner(cfg: ConfigView) -> Iterator[Hit]:
    """No pre-login warning banner (`banner login` or `banner motd`)."""
    after_login = {"exec", "incoming", "slip-ppp", "prompt-timeout"}
    # `banner <delimiter>...` without a type is a motd banner
    if not any(e.words[1] not in after_login for e in index(cfg).starting("banner ")):
        yield Hit(0, "no banner login or banner motd (legal notice before login)")


@rule("MGT023", "local-user-privilege-15", Severity.LOW, Role.ANY)
def privileged_users(cfg: ConfigView) -> Iterator[Hit]:
    """A local user logs in directly at privilege 15."""
    for e in index(cfg).starting("username "):
        w = e.words
        if "privilege" in w and w[w.index("privilege") + 1 : w.index("privilege") + 2] == ["15"]:
            yield Hit(e.number, f"local user {e.raw_words[1]} has privilege 15")


@rule("MGT024", "no-min-password-length", Severity.LOW, Role.ANY)
def min_length(cfg: ConfigView) -> Iterator[Hit]:
    """No `security passwords min-length` of at least 8."""
    line = index(cfg).first("security passwords min-length ")
    if line is None:
        yield Hit(0, "no security passwords min-length")
    elif _int(line.words[-1]) < 8:
        yield Hit(line.number, "minimum password length below 8")
