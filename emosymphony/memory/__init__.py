"""The listening memory: profiles, history, likes and dislikes, and what is learned from them (SQLite, no Qt)."""
