"""Controller drivers against local doubles on 127.0.0.1: CML through virl2-client's own HTTP
calls (tests/lab/fake_cml.py) and GNS3 2.2 for what a real controller without images cannot
show (nodes that start). Real GNS3 controllers are in test_gns3_real.py."""

from __future__ import annotations

import json
import socket

import pytest

from dmvpngen.errors import UsageError
from dmvpngen.lab.build import build_lab
from dmvpngen.lab.drivers.redact import ControllerError
from dmvpngen.lab.model import LabOptions, LabTopology
from dmvpngen.lab.ops import Controller, ControllerAuth, lab_down, lab_up
from tests.lab.fake_cml import CmlHandler
from tests.lab.fake_controllers import Gns3Handler, serve
from tests.lab.helpers import load, stand_in_configs

NO_WAIT = {"sleep": lambda _: None}
CML_AUTH = ("admin", "s3cret")


def topology() -> LabTopology:
    inv = load("lab-mix.yml")
    return build_lab(inv, stand_in_configs(inv), LabOptions())


def _lab_calls(log: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [c for c in log if not c[1].endswith(("/check_if_converged", "/authok"))]


def test_cml_up_and_down_through_virl2_client() -> None:
    topo = topology()
    with serve(CmlHandler) as (url, state):
        auth = ControllerAuth(url, *CML_AUTH)
        result = lab_up(topo, Controller.CML, auth, **NO_WAIT)
        assert result.booted and result.title == "dmvpngen-labmix"
        assert {n.state for n in result.nodes} == {"BOOTED"}
        assert sorted(n.node for n in result.nodes) == sorted(n.name for n in topo.nodes)
        assert result.consoles == {}
        assert _lab_calls(state.log) == [
            ("GET", "/api/v0/system_information"),  # dmvpngen's own check, then virl2-client's
            ("GET", "/api/v0/system_information"),
            ("POST", "/api/v0/authenticate"),
            ("GET", "/api/v0/populate_lab_tiles"),
            ("POST", "/api/v0/import"),
            ("GET", "/api/v0/labs/lab1/topology"),
            ("PUT", "/api/v0/labs/lab1/start"),
            ("GET", "/api/v0/labs/lab1/lab_element_state"),
        ]
        imported = state.labs["lab1"]["topology"]
        assert [n["label"] for n in imported["nodes"]][:3] == ["hub1", "hub2", "branch1"]
        # a second 'up' refuses to clobber, --replace removes the old lab first
        with pytest.raises(UsageError, match="already exists"):
            lab_up(topo, Controller.CML, auth, **NO_WAIT)
        again = lab_up(topo, Controller.CML, auth, replace=True, **NO_WAIT)
        assert again.lab_id == "lab2" and sorted(state.labs) == ["lab2"]
        down = lab_down(topo.title, Controller.CML, auth)
        assert down.removed == ["lab2"] and state.labs == {}
        assert _lab_calls(state.log)[-3:] == [
            ("PUT", "/api/v0/labs/lab2/stop"),
            ("PUT", "/api/v0/labs/lab2/wipe"),
            ("DELETE", "/api/v0/labs/lab2"),
        ]


def test_cml_boot_timeout_reports_states_and_consoles() -> None:
    now = [0.0]

    def sleep(s: float) -> None:
        now[0] += s

    with serve(CmlHandler) as (url, state):
        state.converge_after = 1000
        state.console = (
            "\n".join(f"line {i}" for i in range(30)) + "\nusername x secret 0 Tops3cr3t"
        )
        result = lab_up(
            topology(),
            Controller.CML,
            ControllerAuth(url, *CML_AUTH),
            boot_timeout=30,
            sleep=sleep,
            clock=lambda: now[0],
        )
    assert not result.booted and {n.state for n in result.nodes} == {"STARTED"}
    assert sorted(result.consoles) == ["branch1", "branch2", "branch3", "hub1", "hub2", "isp"]
    tail = result.consoles["hub1"].splitlines()
    assert len(tail) == 10 and tail[0] == "line 21"
    assert "Tops3cr3t" not in result.consoles["hub1"] and "secret 0 ****" in tail[-1]


def test_cml_bad_password_and_unreachable() -> None:
    with serve(CmlHandler) as (url, _), pytest.raises(ControllerError) as err:
        lab_up(topology(), Controller.CML, ControllerAuth(url, "admin", "wrong"), **NO_WAIT)
    assert "POST authenticate" in str(err.value) and "Unable to authenticate" in str(err.value)
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ControllerError, match="cannot reach"):
        lab_down("x", Controller.CML, ControllerAuth(f"http://127.0.0.1:{port}", "a", "b"))
    with pytest.raises(UsageError, match="no CML controller URL") as err2:
        lab_down("x", Controller.CML, ControllerAuth("", "a", "b"))
    assert "VIRL2_URL" in err2.value.hint


@pytest.mark.parametrize("version", ["2.5.0", "2.6.1", "2.7.2", "2.8.1", "2.9.0"])
def test_cml_releases_the_pinned_client_accepts(version: str) -> None:
    with serve(CmlHandler) as (url, state):
        state.cml_version = version
        assert lab_down("x", Controller.CML, ControllerAuth(url, *CML_AUTH)).removed == []
        assert ("GET", "/api/v0/populate_lab_tiles") in state.log


def test_cml_controller_version_virl2_client_refuses() -> None:
    with serve(CmlHandler) as (url, state):
        state.cml_version = "3.0.0"  # a major release this client does not know
        with pytest.raises(ControllerError, match="Major version mismatch"):
            lab_down("x", Controller.CML, ControllerAuth(url, *CML_AUTH))
        state.cml_version = "2.2.3"  # on the client's own list of incompatible releases
        with pytest.raises(ControllerError, match="marked incompatible"):
            lab_down("x", Controller.CML, ControllerAuth(url, *CML_AUTH))


def test_gns3_up_uses_server_templates_and_down() -> None:
    topo = topology()
    with serve(Gns3Handler) as (url, state):
        auth = ControllerAuth(url, "gns3", "pw")
        result = lab_up(topo, Controller.GNS3, auth, **NO_WAIT)
        assert result.booted and {n.state for n in result.nodes} == {"started"}
        pid = result.lab_id
        calls = [c for c in state.log if "/files/" not in c[1]]
        nodes, links = len(topo.nodes), len(topo.links)
        assert calls == [
            ("GET", "/v3/version"),
            ("GET", "/v2/version"),
            ("GET", "/v2/projects"),
            ("GET", "/v2/templates"),
            ("POST", "/v2/projects"),
            *[("POST", f"/v2/projects/{pid}/nodes")] * nodes,
            *[("POST", f"/v2/projects/{pid}/links")] * links,
            ("POST", f"/v2/projects/{pid}/nodes/start"),
            ("GET", f"/v2/projects/{pid}/nodes"),
            ("GET", f"/v2/projects/{pid}/nodes"),
        ]
        lab = state.labs[pid]
        made = {n["name"]: n for n in lab["nodes"].values()}
        hub2 = made["hub2"]  # IOS -> IOSv template
        assert hub2["template_id"] == "t-iosv" and hub2["port_name_format"] == "Gi0/{0}"
        assert hub2["properties"]["hda_disk_image"].startswith("vios-adventerprisek9")
        assert hub2["properties"]["adapters"] == 4  # the template's 4 is enough for 2 used NICs
        assert made["hub1"]["template_id"] == "t-c8k"
        assert made["hub1"]["properties"]["create_config_disk"] is True
        assert (hub2["node_id"], "config.zip") in lab["files"]
        down = lab_down(topo.title, Controller.GNS3, auth)
        assert down.removed == [pid] and state.labs == {}
        assert state.log[-3:] == [
            ("POST", f"/v2/projects/{pid}/open"),
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
