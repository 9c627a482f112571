"""Writers of controller lab files: CML topology YAML and GNS3 project directories."""
