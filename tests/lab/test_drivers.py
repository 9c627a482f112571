"""Controller drivers against local HTTP servers on 127.0.0.1 that follow the published CML 2.x
REST API (``/api/v0``, the calls virl2-client makes) and GNS3 2.2 controller API (``/v2``) for
the calls dmvpngen uses. No real controller is contacted."""

from __future__ import annotations

import json
import socket

import pytest

from dmvpngen.errors import UsageError
from dmvpngen.lab.build import build_lab
from dmvpngen.lab.drivers.http import ControllerError
from dmvpngen.lab.model import LabOptions
from dmvpngen.lab.ops import Controller, ControllerAuth, lab_down, lab_up
from tests.lab.fake_controllers import CmlHandler, Gns3Handler, serve
from tests.lab.helpers import load, stand_in_configs

NO_WAIT = {"sleep": lambda _: None}


def topology():  # type: ignore[no-untyped-def]
    inv = load("lab-mix.yml")
    return build_lab(inv, stand_in_configs(inv), LabOptions())


def test_cml_up_and_down() -> None:
    topo = topology()
    with serve(CmlHandler) as (url, state):
        auth = ControllerAuth(url, "admin", "s3cret")
        result = lab_up(topo, Controller.CML, auth, **NO_WAIT)
        assert result.booted and result.title == "dmvpngen-labmix"
        assert {n.state for n in result.nodes} == {"BOOTED"}
        assert len(result.nodes) == len(topo.nodes)
        calls = [c for c in state.log if c[1] != "/api/v0/labs/lab1/check_if_converged"]
        assert calls == [
            ("POST", "/api/v0/authenticate"),
            ("GET", "/api/v0/labs"),
            ("POST", "/api/v0/import"),
            ("PUT", "/api/v0/labs/lab1/start"),
            ("GET", "/api/v0/labs/lab1/nodes"),
        ]
        imported = state.labs["lab1"]["topology"]
        assert [n["label"] for n in imported["nodes"]][:5] == [
            "hub1",
            "hub2",
            "branch1",
            "branch2",
            "branch3",
        ]
        # a second 'up' refuses to clobber, --replace removes the old lab first
        with pytest.raises(UsageError, match="already exists"):
            lab_up(topo, Controller.CML, auth, **NO_WAIT)
        again = lab_up(topo, Controller.CML, auth, replace=True, **NO_WAIT)
        assert again.lab_id == "lab2" and sorted(state.labs) == ["lab2"]
        down = lab_down(topo.title, Controller.CML, auth)
        assert down.removed == ["lab2"] and state.labs == {}
        assert state.log[-3:] == [
            ("PUT", "/api/v0/labs/lab2/stop"),
            ("PUT", "/api/v0/labs/lab2/wipe"),
            ("DELETE", "/api/v0/labs/lab2"),
        ]


def test_cml_boot_timeout_reports_not_booted() -> None:
    now = [0.0]

    def sleep(s: float) -> None:
        now[0] += s

    with serve(CmlHandler) as (url, state):
        state.converge_after = 1000
        result = lab_up(
            topology(),
            Controller.CML,
            ControllerAuth(url, "admin", "s3cret"),
            boot_timeout=30,
            sleep=sleep,
            clock=lambda: now[0],
        )
    assert not result.booted and {n.state for n in result.nodes} == {"STARTED"}


def test_cml_bad_password_and_unreachable() -> None:
    with serve(CmlHandler) as (url, _), pytest.raises(ControllerError, match="HTTP 403"):
        lab_up(topology(), Controller.CML, ControllerAuth(url, "admin", "wrong"), **NO_WAIT)
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ControllerError, match="cannot reach"):
        lab_down("x", Controller.CML, ControllerAuth(f"http://127.0.0.1:{port}", "a", "b"))
    with pytest.raises(UsageError, match="no CML controller URL") as err:
        lab_down("x", Controller.CML, ControllerAuth("", "a", "b"))
    assert "VIRL2_URL" in err.value.hint


def test_gns3_up_uses_server_templates_and_down() -> None:
    topo = topology()
    with serve(Gns3Handler) as (url, state):
        auth = ControllerAuth(url, "gns3", "pw")
        result = lab_up(topo, Controller.GNS3, auth, **NO_WAIT)
        assert result.booted and {n.state for n in result.nodes} == {"started"}
        pid = result.lab_id
        assert list(state.log) == [
            ("GET", "/v2/version"),
            ("GET", "/v2/projects"),
            ("GET", "/v2/templates"),
            ("POST", f"/v2/projects/{pid}/import"),
            ("POST", f"/v2/projects/{pid}/open"),
            ("POST", f"/v2/projects/{pid}/nodes/start"),
            ("GET", f"/v2/projects/{pid}/nodes"),
            ("GET", f"/v2/projects/{pid}/nodes"),
        ]
        project = state.labs[pid]["project"]
        nodes = {n["name"]: n for n in project["topology"]["nodes"]}
        hub2 = nodes["hub2"]  # IOS -> IOSv template
        assert hub2["template_id"] == "t-iosv" and hub2["port_name_format"] == "Gi0/{0}"
        assert hub2["properties"]["hda_disk_image"].startswith("vios-adventerprisek9")
        assert hub2["properties"]["adapters"] == 4  # the template's 4 is enough for 2 used NICs
        assert nodes["hub1"]["template_id"] == "t-c8k"
        assert nodes["hub1"]["properties"]["create_config_disk"] is True
        files = state.labs[pid]["files"]
        assert "project.gns3" in files
        assert f"project-files/qemu/{hub2['node_id']}/config.zip" in files
        down = lab_down(topo.title, Controller.GNS3, auth)
        assert down.removed == [pid] and state.labs == {}
        assert state.log[-2:] == [
            ("POST", f"/v2/projects/{pid}/nodes/stop"),
            ("DELETE", f"/v2/projects/{pid}"),
        ]


def test_gns3_missing_template_names_what_the_server_has() -> None:
    inv = load("lab-mix.yml")
    from dmvpngen.lab.nodes import RouterNode

    topo = build_lab(inv, stand_in_configs(inv), LabOptions(xe_node=RouterNode.CSR1000V))
    with serve(Gns3Handler) as (url, _):
        with pytest.raises(ControllerError) as err:
            lab_up(topo, Controller.GNS3, ControllerAuth(url, "gns3", "pw"), **NO_WAIT)
        assert "no GNS3 template named 'Cisco CSR1000v'" in str(err.value)
        assert "Cisco Catalyst 8000V, Cisco IOSv" in str(err.value)
        ok = lab_up(
            topo,
            Controller.GNS3,
            ControllerAuth(url, "gns3", "pw"),
            gns3_templates={"csr1000v": "Cisco Catalyst 8000V"},
            **NO_WAIT,
        )
        assert ok.booted


def test_gns3_basic_auth_required() -> None:
    with serve(Gns3Handler) as (url, _), pytest.raises(ControllerError, match="HTTP 401"):
        lab_down("x", Controller.GNS3, ControllerAuth(url, "gns3", "nope"))


def test_controller_errors_do_not_echo_credentials() -> None:
    with serve(CmlHandler) as (url, _), pytest.raises(ControllerError) as err:
        lab_up(topology(), Controller.CML, ControllerAuth(url, "admin", "hunter2pw"), **NO_WAIT)
    assert "hunter2pw" not in str(err.value)
    assert json.dumps(str(err.value))
