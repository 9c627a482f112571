"""The traditional IPv6 routing processes, configured per interface: ``ipv6 router eigrp N``
with ``ipv6 eigrp N`` on each interface (and ``ipv6 summary-address eigrp``, ``no ipv6
split-horizon eigrp``, ``no ipv6 next-hop-self eigrp``), and ``ipv6 router ospf N`` with
``ipv6 ospf N area A`` (``ipv6 ospf cost``, ``ipv6 ospf network``).

Cisco document 113267 ("Configure EIGRP for IPv6"): there is no ``network`` statement, the
interfaces are configured directly, and the process must be in ``no shutdown`` to run (it is
created shut down on the releases that document describes; a ``shutdown`` line in the
process keeps it off). OSPFv3 before address families: Cisco "IP Routing: OSPF Configuration
Guide", *OSPFv3* (``ipv6 router ospf``, ``ipv6 ospf area`` on the interface).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from ipaddress import IPv6Network
from typing import Any

from dmvpngen.parse.facts import Device, EigrpInterface, EigrpProcess, OspfProcess
from dmvpngen.parse.names import canonical_interface
from dmvpngen.parse.tree import lower_words, words

__all__ = ["Legacy6", "legacy6"]


@dataclass
class Legacy6:
    """Traditional IPv6 EIGRP and OSPF: processes, and per interface what enables them."""

    eigrp: list[EigrpProcess] = field(default_factory=list)
    ospf: list[OspfProcess] = field(default_factory=list)
    # interface -> EIGRP AS -> its settings there; the ASes 'ipv6 eigrp AS' enables there
    eigrp_on: dict[str, dict[int, EigrpInterface]] = field(default_factory=dict)
    eigrp_enabled: dict[str, set[int]] = field(default_factory=dict)
    # interface -> (process, area, line), cost, network type
    ospf_area: dict[str, tuple[int, str, int]] = field(default_factory=dict)
    ospf_cost: dict[str, int] = field(default_factory=dict)
    ospf_network: dict[str, str] = field(default_factory=dict)


def legacy6(device: Device) -> Legacy6:
    """The traditional IPv6 EIGRP and OSPF processes of ``device``."""
    out = Legacy6()
    for node in device.blocks:
        low = node.text.lower().split()
        if low[:3] == ["ipv6", "router", "eigrp"] and len(low) > 3 and low[3].isdigit():
            proc = EigrpProcess(int(low[3]), node.line)
            off = False
            for child in node.children:
                cl = child.text.lower().split()
                if cl == ["shutdown"]:
                    off = True
                elif cl[:2] == ["eigrp", "stub"]:
                    proc.stub, proc.stub_kind = child.line, " ".join(cl[2:])
                elif cl[:2] == ["passive-interface", "default"]:
                    proc.passive_default, proc.passive_default_line = True, child.line
                elif cl[0] == "passive-interface" and len(cl) > 1:
                    name = canonical_interface(" ".join(child.text.split()[1:]))
                    proc.passive[name] = child.line
            if not off:
                out.eigrp.append(proc)
        elif low[:3] == ["ipv6", "router", "ospf"] and len(low) > 3 and low[3].isdigit():
            ospf = OspfProcess(int(low[3]), node.line)
            for child in node.children:
                cw = words(child.text)
                cl = lower_words(child.text)
                if cl[:2] == ["passive-interface", "default"]:
                    ospf.passive_default = True
                elif cl[:2] == ["no", "passive-interface"] and len(cw) > 2:
                    # the exception to 'passive-interface default': adjacencies form there
                    ospf.no_passive.append(canonical_interface(" ".join(cw[2:])))
                elif cl[0] == "passive-interface" and len(cw) > 1:
                    ospf.passive.append(canonical_interface(" ".join(cw[1:])))
            out.ospf.append(ospf)
        elif low[0] == "interface" and len(low) > 1:
            _interface(out, canonical_interface(" ".join(node.text.split()[1:3])), node)
    return out


def _interface(out: Legacy6, name: str, node: Any) -> None:
    for child in node.children:
        cl = child.text.lower().split()
        if cl[:1] == ["no"]:
            cl, negated = cl[1:], True
        else:
            negated = False
        if cl[:2] == ["ipv6", "eigrp"] and len(cl) > 2 and cl[2].isdigit() and not negated:
            out.eigrp_enabled.setdefault(name, set()).add(int(cl[2]))
        elif cl[:1] == ["ipv6"] and len(cl) > 3 and cl[2] == "eigrp" and cl[3].isdigit():
            conf = out.eigrp_on.setdefault(name, {}).setdefault(int(cl[3]), EigrpInterface())
            if cl[1] == "split-horizon" and negated:
                conf.split_horizon_off = child.line
            elif cl[1] == "next-hop-self" and negated:
                conf.next_hop_self_off = child.line
            elif cl[1] == "summary-address" and len(cl) > 4:
                with contextlib.suppress(ValueError):
                    conf.summaries_v6.append((IPv6Network(cl[4], strict=False), child.line))
        elif cl[:2] == ["ipv6", "ospf"] and len(cl) > 2 and not negated:
            if cl[2].isdigit() and len(cl) > 4 and cl[3] == "area":
                out.ospf_area[name] = (int(cl[2]), child.text.split()[-1], child.line)
            elif cl[2] == "cost" and len(cl) > 3 and cl[3].isdigit():
                out.ospf_cost[name] = int(cl[3])
            elif cl[2] == "network" and len(cl) > 3:
                out.ospf_network[name] = cl[3]
