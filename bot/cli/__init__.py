"""Command-line entry points (`python -m bot …`); printing to the terminal is their job."""
