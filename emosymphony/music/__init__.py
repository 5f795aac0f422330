"""The music library, catalog, recommendation, playback and media keys (no Qt)."""
