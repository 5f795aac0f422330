"""Face detection, lighting, per-frame analysis and the live mood tracker (no Qt)."""
