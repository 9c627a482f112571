"""Credentials come from the environment, a prompt or the keyring, in that order."""

from __future__ import annotations

import sys
import types

import pytest

from dmvpngen.errors import UsageError
from dmvpngen.push.credentials import resolve_credentials


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DMVPNGEN_USERNAME", raising=False)
    monkeypatch.delenv("DMVPNGEN_PASSWORD", raising=False)
    # No keyring backend unless a test installs one.
    monkeypatch.setitem(sys.modules, "keyring", None)


def test_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DMVPNGEN_USERNAME", "ops")
    monkeypatch.setenv("DMVPNGEN_PASSWORD", "pw-from-env")
    creds = resolve_credentials()
    assert (creds.username, creds.password) == ("ops", "pw-from-env")
    assert "pw-from-env" not in repr(creds)


def test_prompt_wins_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DMVPNGEN_USERNAME", "ops")
    monkeypatch.setenv("DMVPNGEN_PASSWORD", "pw-from-env")
    asked: list[str] = []
    creds = resolve_credentials(ask_password=True, prompt=lambda q: asked.append(q) or "typed")
    assert creds.password == "typed" and asked == ["SSH password for ops: "]


def test_keyring_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DMVPNGEN_USERNAME", "ops")
    backend = types.ModuleType("keyring")
    backend.get_password = lambda service, user: f"{service}/{user}-secret"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "keyring", backend)
    assert resolve_credentials().password == "dmvpngen/ops-secret"


def test_missing_username_or_password_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(UsageError, match="DMVPNGEN_USERNAME"):
        resolve_credentials()
    monkeypatch.setenv("DMVPNGEN_USERNAME", "ops")
    with pytest.raises(UsageError) as info:
        resolve_credentials()
    assert "--ask-password" in info.value.hint


@pytest.mark.parametrize("name", ["ops\nenable", "ops\x1b[2J", "ops admin", " ops", "ops\r"])
def test_username_must_be_one_printable_word(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    # The name is typed at the login prompt and shown in reports: a line break would end the
    # login line early, an escape sequence would drive the operator's terminal.
    monkeypatch.setenv("DMVPNGEN_USERNAME", name)
    monkeypatch.setenv("DMVPNGEN_PASSWORD", "pw")
    with pytest.raises(UsageError) as caught:
        resolve_credentials()
    message = str(caught.value)
    assert "DMVPNGEN_USERNAME" in message
    assert "\n" not in message and "\x1b" not in message and "\r" not in message
