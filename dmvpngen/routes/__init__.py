"""The routing model: RIBs computed from parsed facts, and flows traced through the overlay.

Used by ``check`` on configs and by ``validate`` on the network it is about to render.
"""

from dmvpngen.routes.fixpoint import Network, compute
from dmvpngen.routes.model import Rib, Route

__all__ = ["Network", "Rib", "Route", "compute"]
