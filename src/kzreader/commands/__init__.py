"""The non-interactive commands, one module each, loaded only when their command runs."""
