"""Read a rendered ``setup.sh`` back as the commands it runs, each with the network namespace
it runs in, whichever way the script enters it (``ip -n``, ``ip netns exec``, a shell entered
with ``nsenter`` running ``ip -batch``, ``sysctl`` and ``iptables-restore``)."""

from __future__ import annotations

import re

_NSENTER = re.compile(r"nsenter --net=/var/run/netns/(\S+) sh -s <<NS$")
_BATCH = re.compile(r"ip -force (?:-n (\S+) )?-batch - <<IP$")
_RESTORE = re.compile(r"(ip6?tables)-restore -w --noflush <<RULES$")
_IP_N = re.compile(r"ip -n (\S+) (.*)$")
_EXEC = re.compile(r"ip netns exec (\S+) (.*)$")


def commands(script: str) -> list[tuple[str, str]]:
    """(namespace, command) for every command line of ``script``; "" is the VM's own
    namespace. Batch lines come back as ``ip <line>``, restored rules as ``iptables <rule>``,
    each setting of a ``sysctl -qw`` as ``sysctl <key>=<value>``. A block left open fails."""
    out: list[tuple[str, str]] = []
    entered = ""  # the namespace of the nsenter shell being read
    mode, target = "", ""  # inside a batch ("ip") or a rule set ("iptables"/"ip6tables")
    for raw in script.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if mode:
            if line in ("IP", "RULES"):
                mode = ""
            elif mode == "ip":
                out.append((target, f"ip {line}"))
            elif line.startswith("-A "):
                out.append((entered, f"{mode} {line}"))
            continue
        if line == "NS":
            entered = ""
        elif m := _NSENTER.match(line):
            entered = m.group(1)
        elif m := _BATCH.match(line):
            mode, target = "ip", m.group(1) or entered
        elif m := _RESTORE.match(line):
            mode = m.group(1)
        elif line.startswith("sysctl -qw "):
            out += [(entered, f"sysctl {kv}") for kv in line.split()[2:]]
        elif m := _IP_N.match(line):
            out.append((m.group(1), f"ip {m.group(2)}"))
        elif m := _EXEC.match(line):
            out.append((m.group(1), m.group(2)))
        else:
            out.append((entered, line))
    # dash accepts a here-document left open at the end of the script (sh -n passes it)
    assert not mode and not entered, f"setup.sh ends inside a {mode or 'nsenter'} block"
    return out


def runs(script: str, namespace: str, command: str) -> bool:
    """Whether ``script`` runs a command starting with ``command`` in ``namespace``."""
    return any(ns == namespace and cmd.startswith(command) for ns, cmd in commands(script))
