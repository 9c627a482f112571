"""Controller drivers: CML (REST API v0) and GNS3 (REST API v2), over the standard urllib."""
