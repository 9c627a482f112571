"""``verify`` for one router: the right router, config in sync, the overlay up."""

from __future__ import annotations

from dmvpngen.masking import Masker
from dmvpngen.push.connect import ConnectError
from dmvpngen.push.credentials import Credentials
from dmvpngen.push.devrun import DeviceRun, connect_run, failure_kind, identify, plan_for, shower
from dmvpngen.push.model import Check, ConfigState, DeviceResult, DeviceStatus, PushOptions, Target
from dmvpngen.push.software import RunningSoftware, running_software, software_warning
from dmvpngen.push.verify import Expectation, run_checks

__all__ = ["verify_device"]


def verify_device(
    target: Target, opts: PushOptions, creds: Credentials, exp: Expectation, masker: Masker
) -> DeviceResult:
    """Check one router without changing it: the right router, config in sync, overlay up."""
    run = DeviceRun(target, opts, masker)
    software: RunningSoftware | None = None
    try:
        session = connect_run(run, creds)
    except ConnectError as exc:
        return run.result(DeviceStatus.FAILED, ConfigState.OLD, str(exc))
    try:
        show = shower(session.conn, opts)
        running = show("show running-config")
        if identify(session.conn, run, running):
            plan = plan_for(target, running, opts)
            run.diff = [masker(line) for line in plan.diff]
            run.warnings.extend(plan.notes)
            sync = Check(
                name="config-in-sync",
                ok=plan.empty,
                detail="running matches intent"
                if plan.empty
                else f"{len(plan.lines)} line(s) differ",
            )
            run.checks = [*run.checks, sync, *run_checks(show, exp)]
            software = running_software(show, running)
            if note := software_warning(software):
                run.warnings.append(masker(note))
    except Exception as exc:
        return run.result(
            DeviceStatus.FAILED, ConfigState.OLD, f"{failure_kind(exc, session)}: {exc}"
        )
    finally:
        session.close()
    ok = all(c.ok for c in run.checks)
    error = (
        "" if ok else "; ".join(c.detail for c in run.checks if c.name == "identity" and not c.ok)
    )
    result = run.result(
        DeviceStatus.VERIFIED if ok else DeviceStatus.FAILED, ConfigState.OLD, error
    )
    return result.model_copy(update={"software": software})
