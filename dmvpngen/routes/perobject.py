"""What the routing model derives from one object alone (a Router, an Instance), worked out
once per object.

The base network, every failover case and every cloud view share the Router and Instance
objects (:func:`dmvpngen.routes.topology.build_routers`,
:func:`dmvpngen.routes.instances.build_instances`), and nothing changes them once built, so a
value that is a function of the object alone is kept by the object's id. The object itself is
kept beside the value: an id is only unique while its object lives, and a new object at a reused
id must not be answered with the old one's value.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

__all__ = ["per_object"]

T = TypeVar("T")
V = TypeVar("V")

# a run that builds this many objects (repeated checks in one process) starts the memo afresh
# rather than keeping every object it ever saw alive
_LIMIT = 100_000


def per_object(build: Callable[[T], V]) -> Callable[[T], V]:
    """``build``, answered from a memo per object (see the module's docstring): the caller
    promises that ``build(obj)`` depends on ``obj`` alone, and that neither ``obj`` nor the
    value is changed afterwards."""
    memo: dict[int, tuple[T, V]] = {}

    @functools.wraps(build)
    def once(obj: T) -> V:
        hit = memo.get(id(obj))
        if hit is None or hit[0] is not obj:
            if len(memo) > _LIMIT:
                memo.clear()
            hit = memo[id(obj)] = (obj, build(obj))
        return hit[1]

    return once
