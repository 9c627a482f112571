"""Day-0 configs of the lab's own ISP and NAT routers (rendered from ``lab/templates/infra.j2``)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import jinja2

from dmvpngen.lab.templating import lab_environment
from dmvpngen.lab.wan_model import Infra

__all__ = ["infra_config"]


@cache
def _template() -> jinja2.Template:
    return lab_environment("dmvpngen.lab").get_template("infra.j2")


def infra_config(infra: Infra, labels: Sequence[str]) -> str:
    """The IOS config of an ISP or NAT router whose interfaces get ``labels`` in order."""
    interfaces = [
        {
            "name": labels[index],
            "description": intf.description,
            "address": str(intf.address.ip) if intf.address is not None else None,
            "mask": str(intf.address.netmask) if intf.address is not None else None,
            "ipv6": [str(a).upper() for a in intf.ipv6],
            "link_local": str(intf.link_local).upper() if intf.link_local else None,
            "secondaries": [
                {"address": str(s.ip), "mask": str(s.netmask)} for s in intf.secondaries
            ],
            "nat": intf.nat,
        }
        for index, intf in enumerate(infra.interfaces)
    ]
    return _template().render(
        hostname=infra.name,
        ipv6=any(i.ipv6 for i in infra.interfaces),
        interfaces=interfaces,
        dhcp_pools=infra.dhcp_pools,
        routes=infra.routes,
        nat_static=infra.nat_static,
        nat_pat=infra.nat_pat,
    )
