"""Turn a running-config into the config-mode paste script an engineer would have typed.

Every sub-mode line loses its indentation (IOS ignores it), blocks end with ``exit`` or not at
all, commands are abbreviated the way people type them and some carry inline ``!`` comments.
The result must read back to the same facts as the running-config it came from.
"""

from __future__ import annotations

import re

# (pattern on the stripped line, replacement): the abbreviations seen in real paste scripts
_SHORT = (
    (re.compile(r"^interface Tunnel(\d+)$"), r"int tun \1"),
    (re.compile(r"^interface GigabitEthernet"), "int gi"),
    (re.compile(r"^interface (\S+)$"), r"int \1"),
    (re.compile(r"^ip address "), "ip add "),
    (re.compile(r"^tunnel source GigabitEthernet"), "tunnel sou gi"),
    (re.compile(r"^tunnel source "), "tunnel sour "),
    (re.compile(r"^tunnel destination "), "tunnel destin "),
    (re.compile(r"^tunnel mode gre multipoint$"), "tunnel mode gre multip"),
    (re.compile(r"^tunnel protection ipsec profile "), "tunnel prot ipsec prof "),
    (re.compile(r"^ip nhrp network-id "), "ip nhrp netw "),
    (re.compile(r"^ip nhrp map multicast dynamic$"), "ip nhrp map mult dyn"),
    (re.compile(r"^ip nhrp redirect$"), "ip nhrp red"),
    (re.compile(r"^ip nhrp shortcut$"), "ip nhrp sh"),
    (re.compile(r"^ip nhrp authentication "), "ip nhrp auth "),
    (re.compile(r"^router eigrp "), "router eig "),
    (re.compile(r"^crypto isakmp policy "), "cry isa pol "),
    (re.compile(r"^crypto ipsec profile "), "crypto ipsec prof "),
    (re.compile(r"^authentication pre-share$"), "auth pre-share"),
)
_COMMENTED = re.compile(r"^(?:group \d+|tunnel key \d+|hash \S+|ip mtu \d+)$")


def to_paste_script(show_run: str) -> str:
    """The paste script of ``show_run`` (same number of lines is not kept: lines are added)."""
    out = ["enable", "configure terminal"]
    block_open = False
    count = 0
    for raw in show_run.replace("\r\n", "\n").split("\n"):
        text = raw.strip()
        if not text or text.startswith("!") or text == "end":
            continue
        if text.startswith(("Building configuration", "Current configuration")):
            continue
        if re.match(r"^[\w.-]+#", text):  # an exec prompt of the capture
            continue
        top = not raw[0].isspace()
        if top and block_open:
            count += 1
            if count % 2:  # half the blocks end with 'exit', half just start the next one
                out.append("exit")
            block_open = False
        for pattern, short in _SHORT:
            if pattern.search(text):
                text = pattern.sub(short, text)
                break
        if _COMMENTED.match(text):
            text += "   ! réglage d'origine"  # non-ASCII inline comment
        out.append(text)
        if not top or text.startswith(("int ", "router ", "crypto ", "cry ")):
            block_open = True
    out += ["end", "wr mem", ""]
    return "\n".join(out)
