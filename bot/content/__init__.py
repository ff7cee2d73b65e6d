"""Content as data: load, validate and search `content_hindi/`. Imports nothing else from `bot`."""
