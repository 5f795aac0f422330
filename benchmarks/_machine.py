"""What machine a benchmark ran on, printed at the top of every report."""

from __future__ import annotations

import os
import platform


def describe() -> str:
    model = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    threads = os.environ.get("OMP_NUM_THREADS", "default")
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, OMP_NUM_THREADS={threads}"
