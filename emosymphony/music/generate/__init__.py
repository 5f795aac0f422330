"""Music generated live from a valence/arousal target, bar by bar: the composer decides the notes
(`composer.py`, no audio), FluidSynth plays them with a General MIDI SoundFont (`synth.py`), and
`stream.py` joins the two and steers them while they play."""
