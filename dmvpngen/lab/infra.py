"""Day-0 configs of the lab's own ISP and NAT routers (rendered from ``lab/templates/infra.j2``)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import jinja2

from dmvpngen.lab.wan import Infra
from dmvpngen.render.guard import finalize

__all__ = ["infra_config"]


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("dmvpngen.lab", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=finalize,  # the render guard of the router configs holds here too
    )
    return env.get_template("infra.j2")


def infra_config(infra: Infra, labels: Sequence[str]) -> str:
    """The IOS config of an ISP or NAT router whose interfaces get ``labels`` in order."""
    interfaces = [
        {
            "name": labels[index],
            "description": intf.description,
            "address": str(intf.address.ip),
            "mask": str(intf.address.netmask),
            "secondaries": [
                {"address": str(s.ip), "mask": str(s.netmask)} for s in intf.secondaries
            ],
            "nat": intf.nat,
        }
        for index, intf in enumerate(infra.interfaces)
    ]
    return _template().render(
        hostname=infra.name,
        interfaces=interfaces,
        dhcp_pools=infra.dhcp_pools,
        routes=infra.routes,
        nat_static=infra.nat_static,
        nat_pat=infra.nat_pat,
    )
