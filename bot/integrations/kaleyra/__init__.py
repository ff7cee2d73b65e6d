"""Kaleyra: the second Indian SMS provider (parsing and formatting only; it shares the DLT guard)."""
