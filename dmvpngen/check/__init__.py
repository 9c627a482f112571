"""Whole-network DMVPN check: clouds, roles, what forms, what forwarding results, findings."""

from dmvpngen.check.engine import check_devices, check_paths, collect_files
from dmvpngen.check.model import CheckResult, CloudReport, Finding

__all__ = ["CheckResult", "CloudReport", "Finding", "check_devices", "check_paths", "collect_files"]
