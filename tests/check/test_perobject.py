"""The per-object memo the routing model keeps its Router / Instance derivations in."""

from __future__ import annotations

import pytest

from dmvpngen.routes import perobject
from dmvpngen.routes.perobject import per_object


class _Obj:
    def __init__(self, value: int) -> None:
        self.value = value


def test_built_once_per_object_and_again_for_another() -> None:
    calls: list[int] = []

    @per_object
    def double(o: _Obj) -> int:
        """Twice the value."""
        calls.append(o.value)
        return o.value * 2

    a, b = _Obj(1), _Obj(5)
    assert [double(a), double(a), double(b), double(a)] == [2, 2, 10, 2]
    assert calls == [1, 5]
    assert double.__doc__ == "Twice the value."


def test_the_memo_keeps_its_objects_alive() -> None:
    # the object is held beside its value, so its id cannot pass to a new object while the
    # value is kept: an equal-valued new object is built afresh
    calls: list[int] = []

    @per_object
    def value(o: _Obj) -> int:
        calls.append(o.value)
        return o.value

    for i in range(20):
        assert value(_Obj(i)) == i
    assert calls == list(range(20))


def test_the_memo_starts_afresh_past_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(perobject, "_LIMIT", 3)
    calls: list[int] = []

    @per_object
    def value(o: _Obj) -> int:
        calls.append(o.value)
        return o.value

    keep = [_Obj(i) for i in range(6)]
    for o in keep:
        value(o)
    value(keep[0])  # dropped when the memo passed its limit: built again
    assert calls == [0, 1, 2, 3, 4, 5, 0]
