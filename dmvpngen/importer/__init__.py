"""Existing router configs -> inventory YAML (see :func:`import_devices`)."""

from dmvpngen.importer.build import ImportResult, import_devices

__all__ = ["ImportResult", "import_devices"]
