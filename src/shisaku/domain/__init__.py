"""The domain: plan tree, fiscal years, evaluation rules. Pure Python, no I/O."""
