"""Controller answers of the wrong shape and error bodies that echo the request, as ``lab up``
and ``lab down`` meet them: exit 1 with a message naming the call and what it answered, no
traceback, and no credential in text, JSON or log output."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.lab.fake_cml import CmlHandler
from tests.lab.fake_controllers import Gns3Handler, serve
from tests.lab.helpers import REPO

EXAMPLE = str(REPO / "inventories" / "phase3-single-hub-eigrp.yml")
HTML = b"<html><head><title>Sign in</title></head><body>portal</body></html>"
CML_ENV = {"VIRL2_USER": "admin", "VIRL2_PASS": "s3cret"}
GNS3_ENV = {"GNS3_USER": "gns3", "GNS3_PASSWORD": "pw"}
PROJECTS = "/v2/projects"
TILES = ("GET", "/api/v0/populate_lab_tiles")
SYSINFO = ("GET", "/api/v0/system_information")
IMPORT = ("POST", "/api/v0/import")
LAB1 = "/api/v0/labs/lab1"


def _run(args: list[str], env: dict[str, str]) -> Any:
    from dmvpngen.cli.app import app

    return CliRunner().invoke(app, args, env=env)


def _cml_lab_present(state: Any) -> None:
    state.labs["lab9"] = {
        "title": "dmvpngen-acme-p3-eigrp",
        "topology": {"lab": {}, "nodes": [], "links": []},
        "state": "STOPPED",
        "polls": 0,
    }


CML_CASES = [
    # (command, call to spoil, its answer, words the message must hold)
    ("up", ("POST", "/api/v0/authenticate"), (200, HTML), ["POST /api/v0/authenticate", "<html>"]),
    ("up", SYSINFO, (200, ["2.7.0"]), ["GET /api/v0/system_information", "a list"]),
    ("down", TILES, (200, "tiles"), ["GET /api/v0/populate_lab_tiles", "text"]),
    ("down", TILES, (200, 42), ["populate_lab_tiles", "a number"]),
    ("up", IMPORT, (200, ["lab1"]), ["POST /api/v0/import", "a list"]),
    ("up", IMPORT, (200, {"warnings": []}), ["POST /api/v0/import", "an object"]),
    ("up", ("GET", f"{LAB1}/lab_element_state"), (200, {"nodes": 3}), ["lab_element_state"]),
    ("up", ("GET", f"{LAB1}/check_if_converged"), (200, "yes"), ["check_if_converged", "text"]),
    ("down", ("GET", "/api/v0/labs/lab9/topology"), (200, HTML), ["labs/lab9/topology", "<html>"]),
]  # fmt: skip


GNS3_CASES = [
    ("up", ("GET", "/v2/version"), (200, HTML), ["GET /v2/version", "a JSON object", "text"]),
    ("up", ("GET", "/v2/version"), (200, {"local": True}), ["GET /v2/version", "no version"]),
    ("down", ("GET", PROJECTS), (200, "projects"), ["GET /v2/projects", "expected a JSON list"]),
    ("down", ("GET", PROJECTS), (200, [{"name": "dmvpngen-acme-p3-eigrp"}]), ["no project_id"]),
    ("up", ("POST", PROJECTS), (201, {"name": "x"}), ["POST /v2/projects", "no project_id"]),
    ("up", ("GET", "/v2/templates"), (200, 7), ["GET /v2/templates", "a number"]),
]  # fmt: skip


CASES = [("cml", *case) for case in CML_CASES] + [("gns3", *case) for case in GNS3_CASES]
DOUBLES: dict[str, tuple[Any, dict[str, str]]] = {
    "cml": (CmlHandler, CML_ENV),
    "gns3": (Gns3Handler, GNS3_ENV),
}


@pytest.mark.parametrize(("controller", "command", "call", "answer", "words"), CASES)
def test_answers_of_the_wrong_shape(
    controller: str, command: str, call: tuple[str, str], answer: tuple[int, Any], words: list[str]
) -> None:
    handler, env = DOUBLES[controller]
    with serve(handler) as (url, state):
        state.converge_after = 0
        state.overrides[call] = answer
        if command == "down" and controller == "cml":
            _cml_lab_present(state)
        args = ["lab", command, EXAMPLE, "-c", controller, "--url", url]
        result = _run([*args, "--overlay-timeout", "0"] if command == "up" else args, env)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    said = " ".join(result.output.split())
    for word in words:
        assert word in said, said


def _echo_422(body: dict[str, Any]) -> dict[str, Any]:
    """A FastAPI validation error that echoes the request body back, as CML 2.x answers."""
    return {"detail": [{"type": "value_error", "loc": ["body"], "msg": "bad", "input": body}]}


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_error_bodies_echoing_the_request_are_masked(
    fmt: str, caplog: pytest.LogCaptureFixture
) -> None:
    password = "Echo-Me-9f3b2"
    with serve(CmlHandler) as (url, state):
        echo = _echo_422({"username": "admin", "password": password})
        state.overrides[("POST", "/api/v0/authenticate")] = (422, echo)
        env = {"VIRL2_USER": "admin", "VIRL2_PASS": password}
        with caplog.at_level(logging.DEBUG):
            result = _run(["lab", "up", EXAMPLE, "-c", "cml", "--url", url, "--format", fmt], env)
    assert result.exit_code == 1, result.output
    assert "HTTP 422" in result.output and "POST /api/v0/authenticate" in result.output
    assert password not in result.output
    assert password not in caplog.text
    if fmt == "json":
        assert json.loads(result.stdout)["ok"] is False


def test_gns3_error_echo_and_long_bodies_are_masked_and_bounded() -> None:
    with serve(Gns3Handler) as (url, state):
        echo = {"message": f"bad request {{'password': 'pw', 'config': 'x' * 9}} {'y' * 5000}"}
        state.overrides[("GET", "/v2/version")] = (400, echo)
        result = _run(["lab", "down", EXAMPLE, "-c", "gns3", "--url", url], GNS3_ENV)
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert "'password': '******'" in said or "'password': ****" in said, said
    assert "y" * 400 not in said and "..." in said


def test_redact_masks_before_it_cuts_and_knows_the_usual_spellings() -> None:
    from dmvpngen.lab.drivers.redact import redact

    long = redact("x" * 290 + "hunter2secret and more", {"hunter2secret"})
    assert "hunter2" not in long and len(long) <= 300
    said = redact(
        "Authorization: Bearer eyJabc.def\n"
        '{"password": "p1", "api_token": "t1"}\n'
        "username admin privilege 15 secret 0 Cl3ar\n"
        "login?user=a&passwd=p2\n"
    )
    assert said == (
        'Authorization: Bearer ****** {"password": "******", "api_token": "******"} '
        "username admin privilege 15 secret 0 **** login?user=a&passwd=******"
    )


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ((200, HTML), ["POST /v3/access/users/authenticate", "a JSON object", "<html>"]),
        ((200, {"token_type": "bearer"}), ["authenticate", "no access_token"]),
        ((200, {"access_token": 5}), ["authenticate", "not text"]),
    ],
)
def test_gns3_v3_login_answers_of_the_wrong_shape(
    answer: tuple[int, Any], words: list[str]
) -> None:
    with serve(Gns3Handler) as (url, state):
        state.overrides[("GET", "/v3/version")] = (200, {"version": "3.0.6", "local": True})
        state.overrides[("POST", "/v3/access/users/authenticate")] = answer
        result = _run(["lab", "down", EXAMPLE, "-c", "gns3", "--url", url], GNS3_ENV)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    said = " ".join(result.output.split())
    for word in words:
        assert word in said, said


def test_oversized_answers_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from dmvpngen.lab.drivers import http

    monkeypatch.setattr(http, "MAX_ANSWER", 1000)
    with serve(Gns3Handler) as (url, state):
        state.overrides[("GET", "/v2/version")] = (200, {"version": "2.2.61", "pad": "x" * 2000})
        result = _run(["lab", "down", EXAMPLE, "-c", "gns3", "--url", url], GNS3_ENV)
    assert result.exit_code == 1
    assert "GET /v2/version: the answer is larger than 1000 bytes" in result.output
