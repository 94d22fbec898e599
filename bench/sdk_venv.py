"""bench/.sdk-venv: Microsoft's Graph SDK for Python in a venv of its own, made on first use, so
its dependencies never meet the collection's."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".sdk-venv"
REQUIREMENTS = HERE / "sdk-requirements.txt"


def sdk_python():
    """The venv's python, creating the venv (or refreshing it when the requirements changed)."""
    python = VENV / "bin" / "python"
    stamp = VENV / ".installed"
    wanted = REQUIREMENTS.read_text(encoding="utf-8")
    if stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        return python
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    print("installing {} into {} ...".format(REQUIREMENTS.name, VENV), flush=True)
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                           "-r", str(REQUIREMENTS)], capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError("pip install failed:\n" + done.stdout + done.stderr)
    stamp.write_text(wanted, encoding="utf-8")
    return python
