"""The pure conversation engine: (session, message, contact, content) -> (new session, replies, events)."""
