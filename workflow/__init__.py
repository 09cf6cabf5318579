"""unionflow engine and domain: definitions, models, engine, audit log (no Flask)."""
