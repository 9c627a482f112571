"""dmvpngen: generate, validate, lint and deploy Cisco DMVPN networks from one inventory."""

__all__ = ["__version__"]

__version__ = "0.1.0"
