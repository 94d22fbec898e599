"""The machine a benchmark ran on, for the report."""

import os
import platform
from importlib import metadata


def _cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib():
    try:
        return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30, 1)
    except (ValueError, OSError):
        return None


def describe():
    return {
        "cpu": _cpu_model(), "cores": os.cpu_count(), "memory_gib": _memory_gib(),
        "os": platform.platform(), "python": platform.python_version(),
        "ansible_core": metadata.version("ansible-core"),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
