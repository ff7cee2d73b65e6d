"""Orchestration: the only layer that combines the database, the engine and the providers."""
