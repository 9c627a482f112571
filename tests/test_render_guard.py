"""The render guard: a value that would start a config line stops the render, located.

The model refuses such text at load time; these tests switch a model-level check off to prove the
second wall holds on its own (a field added without a text type cannot reopen the hole).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from dmvpngen import pipeline
from dmvpngen.errors import ValidationFailed
from dmvpngen.render.engine import environment
from dmvpngen.render.guard import UnsafeValueError, finalize
from tests.conftest import INVENTORIES

PAYLOADS = ["\n", "\r", "\x00", "\x1b", "\x03", "\x85", "\u2028", "\u2029", "\u202e", "\t"]
INJECTED = "username evil privilege 15 secret 0 pwned"


@pytest.mark.parametrize("char", PAYLOADS, ids=lambda c: f"U+{ord(c):04X}")
def test_environment_refuses_control_characters(char: str) -> None:
    template = environment().from_string("description {{ value }}\n")
    with pytest.raises(UnsafeValueError):
        template.render(value=f"LAN{char}{INJECTED}")


def test_guard_passes_plain_values() -> None:
    template = environment().from_string("x {{ a }} {{ b }} {{ c }}\n")
    assert template.render(a="GigabitEthernet1", b=42, c=None) == "x GigabitEthernet1 42 None\n"
    assert finalize("printable text #%") == "printable text #%"


def test_the_environment_carries_the_guard() -> None:
    # a new template or field cannot bypass it: the hook belongs to the shared environment
    assert isinstance(environment(), jinja2.Environment)
    assert environment().finalize is finalize


def _copy_example(tmp_path: Path) -> Path:
    for name in ("phase3-single-hub-eigrp.yml", "demo.secrets.yaml"):
        (tmp_path / name).write_text((INVENTORIES / name).read_text())
    return tmp_path / "phase3-single-hub-eigrp.yml"


def test_guard_holds_when_a_model_check_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inventory = _copy_example(tmp_path)
    text = inventory.read_text().replace("secret:config_key", "env:DMVPNGEN_TEST_CONFIG_KEY")
    inventory.write_text(text)
    secret = f"Master-Key-1\n{INJECTED}"
    monkeypatch.setenv("DMVPNGEN_TEST_CONFIG_KEY", secret)
    # the resolved-secret checks are the first wall: take them away
    monkeypatch.setattr(pipeline, "check_resolved_secrets", lambda loaded, secrets: [])
    with pytest.raises(ValidationFailed) as caught:
        pipeline.build_network(inventory)
    [problem] = caught.value.problems
    rendered = problem.render()
    assert problem.line is not None and problem.path[0] == "hubs"
    assert "ios/aaa.j2:" in rendered and "a line feed" in rendered
    assert "Master-Key-1" not in rendered and INJECTED not in rendered
