"""Regional statistics: official files read with provenance, stored in DuckDB, analysed."""
