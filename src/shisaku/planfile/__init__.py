"""The plan-file format: strict YAML loading with positions, validation, dumping, JSON Schema."""
