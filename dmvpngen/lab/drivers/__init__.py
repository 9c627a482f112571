"""Controller drivers: CML through virl2-client; GNS3 2.2 (``/v2``) and 3.x (``/v3``) on urllib."""
