"""The text discipline of the inventory: every free-text field is one of these types.

dmvpngen writes configs that are pasted into routers, so a string from an inventory must never
become a command. A line break, a carriage return or any other control character would start a
new config line; a banner containing its own delimiter would end the banner early and turn the
rest into commands. Each type here refuses such text at load time, with a located error, and the
render-time guard (``dmvpngen.render.guard``) refuses anything that slips past.

Secret values are checked here too (their characters, and per-field IOS length limits once
references are resolved); their refusals never quote the value.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

__all__ = [
    "BANNER_DELIMITERS",
    "BANNER_MAX",
    "DESCRIPTION_MAX",
    "HOSTNAME_PATTERN",
    "INTERFACE_PATTERN",
    "NAME_PATTERN",
    "SECRET_MAX",
    "TEXT_HINTS",
    "UNSAFE_CHARS",
    "Banner",
    "CloudName",
    "Description",
    "DomainName",
    "Hostname",
    "InterfaceName",
    "Keywords",
    "PrintableText",
    "ProfileName",
    "SecretText",
    "SerialNumber",
    "SnmpText",
    "Word",
    "banner_delimiter",
    "describe_char",
    "secret_value_problem",
]

# An IOS hostname: a letter first, then letters, digits and hyphens, at most 63 (RFC 1123 label).
HOSTNAME_PATTERN = r"^[A-Za-z][A-Za-z0-9-]{0,62}$"
# An IOS interface name as typed in config mode: type letters, then slot/port numbers.
INTERFACE_PATTERN = r"^[A-Za-z][A-Za-z-]*[0-9]+(/[0-9]+)*(\.[0-9]+)?$"
# VRF, transport, QoS and routing object names: one IOS word, usable in object names.
NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_-]{0,31}$"
CLOUD_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
# Crypto profile names end up inside IKE/IPsec object names.
PROFILE_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$"

# IOS takes 240 characters of interface description; dmvpngen appends up to ~40 of its own
# ("(PPPoE to Dialer1)", "(behind static NAT ...)"), so inventory text stops at 200.
DESCRIPTION_MAX = 200
# SNMP location and contact (RFC 3418 sysLocation/sysContact are 0..255 octets).
SNMP_TEXT_MAX = 200
# A login banner is a legal notice, not a document: dmvpngen's own bound, far below what IOS
# stores, keeps a pasted config readable and the banner readable on an 80x24 terminal.
BANNER_MAX = 2000
BANNER_LINES_MAX = 40
# Delimiters tried in order; '#' first keeps every existing banner byte-identical. Not '$'
# (IOS expands $(hostname) tokens in banners), '!' (a comment), '?' (CLI help) or '^' ('^C').
BANNER_DELIMITERS = ("#", "%", "~", "@", "|", "&", "*", "+", "=")
# The longest secret any field takes (pre-shared keys and the config key stop at 128).
SECRET_MAX = 128

# Hints for the error types raised below, merged into the loader's hint table.
TEXT_HINTS = {
    "text_unsafe_char": "write it on one line with printable ASCII characters only "
    "(no tabs, line breaks or control characters)",
    "text_too_long": "shorten it",
    "banner_unsafe": "use printable ASCII lines (line breaks allowed between lines, no tabs)",
    "banner_delimiter": f"leave at least one of {' '.join(BANNER_DELIMITERS)} out of the banner: "
    "IOS ends a banner at its delimiter",
    "domain_name": "a DNS domain per RFC 1123: labels of letters, digits and '-' (not at either "
    "end), joined by dots, e.g. corp.example.com",
    "interface_address": "give the interface's own host address and the subnet's real prefix "
    "length, e.g. 192.0.2.1/30",
    "secret_text": "keys are one word of printable ASCII (no spaces, tabs, line breaks or '?'); "
    "or use a reference 'env:VAR' / 'secret:NAME'",
}

_CHAR_NAMES = {
    "\n": "a line feed",
    "\r": "a carriage return",
    "\t": "a tab",
    "\x00": "a NUL byte",
    "\x03": "a ^C (ETX)",
    "\x1b": "an escape",
    "\x7f": "a DEL",
    "\x85": "a next-line (U+0085)",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
}


def describe_char(char: str) -> str:
    """A readable name of a character, e.g. ``a line feed`` or ``U+00E9``."""
    return _CHAR_NAMES.get(char, f"U+{ord(char):04X}")


# Characters no single-line value may hold: C0 and C1 controls and DEL (CR, LF, ESC, NUL...),
# the separators Python's ``splitlines`` and some terminals break lines at, and the invisible
# format characters (zero-width, bidirectional overrides) that make a line read differently.
UNSAFE_CHARS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)


def _first_non_printable_ascii(text: str) -> tuple[int, str] | None:
    for i, char in enumerate(text):
        if not (" " <= char <= "~"):
            return i, char
    return None


def _printable(max_len: int, what: str) -> AfterValidator:
    def check(value: str) -> str:
        bad = _first_non_printable_ascii(value)
        if bad is not None:
            raise PydanticCustomError(
                "text_unsafe_char",
                "{what} contains {char} at character {pos}: config text is one line of "
                "printable ASCII",
                {"what": what, "char": describe_char(bad[1]), "pos": bad[0] + 1},
            )
        if not value.strip():
            raise PydanticCustomError("text_too_long", "{what} is empty", {"what": what})
        if len(value) > max_len:
            raise PydanticCustomError(
                "text_too_long",
                "{what} is {n} characters, at most {max} are allowed",
                {"what": what, "n": len(value), "max": max_len},
            )
        return value

    return AfterValidator(check)


def banner_delimiter(text: str) -> str | None:
    """The first delimiter of :data:`BANNER_DELIMITERS` that does not occur in ``text``."""
    for delim in BANNER_DELIMITERS:
        if delim not in text:
            return delim
    return None


def _banner(value: str) -> str:
    lines = value.split("\n")
    for number, line in enumerate(lines, start=1):
        bad = _first_non_printable_ascii(line)
        if bad is not None:
            raise PydanticCustomError(
                "banner_unsafe",
                "banner line {line} contains {char} at character {pos}",
                {"line": number, "char": describe_char(bad[1]), "pos": bad[0] + 1},
            )
    if not value.strip():
        raise PydanticCustomError("text_too_long", "banner is empty", {})
    if len(value) > BANNER_MAX or len(lines) > BANNER_LINES_MAX:
        raise PydanticCustomError(
            "text_too_long",
            "banner is {n} characters on {lines} lines, at most {max} characters on {max_lines}"
            " lines are allowed",
            {
                "n": len(value),
                "lines": len(lines),
                "max": BANNER_MAX,
                "max_lines": BANNER_LINES_MAX,
            },
        )
    if banner_delimiter(value) is None:
        raise PydanticCustomError(
            "banner_delimiter", "banner contains every delimiter IOS could end it with", {}
        )
    return value


_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def _domain(value: str) -> str:
    bad = _first_non_printable_ascii(value)
    if bad is not None:
        raise PydanticCustomError(
            "text_unsafe_char",
            "domain name contains {char} at character {pos}",
            {"char": describe_char(bad[1]), "pos": bad[0] + 1},
        )
    labels = value.removesuffix(".").split(".")
    if len(value) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise PydanticCustomError(
            "domain_name", "'{value}' is not a DNS domain name", {"value": value}
        )
    return value


# A secret reference: env:VAR (a shell variable name) or secret:NAME (a key of the secrets file).
_REFERENCE = re.compile(r"(env:[A-Za-z_][A-Za-z0-9_]*|secret:[A-Za-z0-9_][A-Za-z0-9_.-]*)")


def secret_value_problem(value: str) -> str | None:
    """Why ``value`` cannot be a key in an IOS command, or None; never quotes the value.

    A key is one word: a space would split the command, a line break or control character
    would start a new one, and '?' makes the CLI print help instead of taking the line.
    """
    if not value:
        return "is empty"
    for char in value:
        if char == " ":
            return "contains a space"
        if char == "?":
            return "contains '?' (the IOS CLI answers it with help)"
        if not ("!" <= char <= "~"):
            return f"contains {describe_char(char)}"
    if len(value) > SECRET_MAX:
        return f"is {len(value)} characters, longer than any IOS key field ({SECRET_MAX})"
    return None


def _secret(value: str) -> str:
    if _REFERENCE.fullmatch(value):
        return value
    if value.startswith(("env:", "secret:")):
        raise PydanticCustomError(
            "secret_text",
            "malformed secret reference: the name after 'env:' or 'secret:' must be one word "
            "of letters, digits and '_'",
            {},
        )
    why = secret_value_problem(value)
    if why is not None:
        raise PydanticCustomError("secret_text", "the secret value " + why, {})
    return value


Hostname = Annotated[str, Field(pattern=HOSTNAME_PATTERN)]
InterfaceName = Annotated[str, Field(pattern=INTERFACE_PATTERN)]
Word = Annotated[str, Field(pattern=NAME_PATTERN)]
# A chassis serial number as 'show version' prints it ('Processor board ID FDO2233X0AB').
SerialNumber = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")]
CloudName = Annotated[str, Field(pattern=CLOUD_NAME_PATTERN)]
ProfileName = Annotated[str, Field(pattern=PROFILE_NAME_PATTERN)]
# IOS keywords of one command ('snmp-server enable traps ipsec tunnel start'): never free text.
Keywords = Annotated[str, Field(pattern=r"^[a-z0-9-]{1,40}( [a-z0-9-]{1,40}){0,9}$")]
Description = Annotated[
    str,
    _printable(DESCRIPTION_MAX, "description"),
    Field(json_schema_extra={"pattern": f"^[\\x20-\\x7e]{{1,{DESCRIPTION_MAX}}}$"}),
]
SnmpText = Annotated[
    str,
    _printable(SNMP_TEXT_MAX, "text"),
    Field(json_schema_extra={"pattern": f"^[\\x20-\\x7e]{{1,{SNMP_TEXT_MAX}}}$"}),
]
PrintableText = Annotated[
    str,
    _printable(255, "text"),
    Field(json_schema_extra={"pattern": "^[\\x20-\\x7e]{1,255}$"}),
]
Banner = Annotated[str, AfterValidator(_banner), Field(json_schema_extra={"maxLength": BANNER_MAX})]
DomainName = Annotated[str, AfterValidator(_domain), Field(json_schema_extra={"maxLength": 253})]
SecretText = Annotated[
    str,
    AfterValidator(_secret),
    Field(json_schema_extra={"pattern": f"^[\\x21-\\x3e\\x40-\\x7e]{{1,{SECRET_MAX}}}$"}),
]
