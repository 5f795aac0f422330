"""What machine a benchmark ran on, printed at the top of every report."""

from __future__ import annotations

import os
import platform

_VECTOR_LEVELS = ("avx512_vnni", "avx512f", "avx2")
"""CPU flags that decide how fast the int8 and float kernels run, best first."""


def describe() -> str:
    model, flags = "unknown CPU", set()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name") and model == "unknown CPU":
                model = line.split(":", 1)[1].strip()
            elif line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                break
    except OSError:
        pass
    vector = next((level for level in _VECTOR_LEVELS if level in flags), "no AVX2")
    threads = os.environ.get("OMP_NUM_THREADS", "default")
    return f"{model} ({vector}), {os.cpu_count()} cores, Python {platform.python_version()}, OMP_NUM_THREADS={threads}"
