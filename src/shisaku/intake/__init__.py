"""Intake of yearly actuals (実績値) from CSV and Excel files: read, check, template."""
