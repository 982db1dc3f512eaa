"""Storage: SQLAlchemy models, the engine, plan sync, actuals with revisions, migrations."""
