"""The lab engines behind ``dmvpngen lab up/verify/down``: a controller (CML, GNS3) running the
rendered Cisco configs on router images, or the FRR engine running the design on open-source
routers in a local VM (``dmvpngen.lab.frr``)."""

from __future__ import annotations

from enum import Enum

__all__ = ["Engine"]


class Engine(str, Enum):
    """Where a lab runs."""

    CML = "cml"
    GNS3 = "gns3"
    FRR = "frr"
