"""Settings and the YAML schema."""
