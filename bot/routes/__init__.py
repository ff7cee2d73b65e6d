"""Thin HTTP edges: verify, decode, call one unit of work, answer."""
