"""A smoke run of the benchmark harness (bench/run.py): our module on 100 devices, once, with
the start-up figures. The full benchmark is `make bench`; this only proves the harness works
end to end and reports real numbers."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_smoke_run_reports_real_numbers(tmp_path):
    # A file an earlier benchmark left under the same name must not be read as this run's.
    stale = tmp_path / "work" / "runs" / "001-startup-debug.rss"
    stale.parent.mkdir(parents=True)
    stale.write_text("9999999 99.0000\n")
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--sizes", "100", "--contenders", "module",
         "--runs", "1", "--throttle-scale", "0", "--output-dir", str(tmp_path),
         "--workdir", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr

    data = json.loads((tmp_path / "results.json").read_text())
    rows = {row["contender"]: row for row in data["summary"]["rows"]}
    ours = rows["module"]
    assert ours["size"] == 100 and ours["wall_s"]["runs"] == 1
    assert 0 < ours["floor_s"] < ours["wall_s"]["median"] < 120
    assert ours["token"] >= 1 and ours["graph_write"] == 1
    assert ours["write_statuses"] == {"200": 1}
    assert 5 < ours["peak_rss_mib"] < 1000 and 0 < ours["process_s"]["median"] < 60
    assert all(run["processes"] == 1 for run in data["runs"]), data["runs"]
    assert ours["to_floor"] > 1 and ours["to_module"] == 1.0
    assert rows["module_token_cached"]["graph_write"] == 1

    # The baseline ran once after our module, with the same ids, and sent nothing (the harness
    # stops when it sends anything).
    (baseline,) = data["summary"]["baseline"]
    assert baseline["size"] == 100 and baseline["wall_s"]["runs"] == 1
    assert baseline["failed"] == (data["runs"][0]["exit_code"] == 2)
    assert 0 < baseline["process_s"]["median"] < baseline["wall_s"]["median"]

    startup = data["startup"]
    assert startup["module_no_devices"]["requests_sent"] == 0
    assert startup["debug"]["process_s"] is None      # no module process, no stale one either
    assert 0 < startup["debug"]["wall_s"]["median"] < startup["module_no_devices"]["wall_s"]["median"]
    assert startup["imports"]["module_ms"] > 0
    assert data["summary"]["targets"], "no target was evaluated"

    markdown = (tmp_path / "RESULTS.md").read_text()
    assert data["date"] in markdown
    assert "| 100 | intune.graph.managed_device_action, one task | 1 | " in markdown
    assert "## ansible-playbook's own time for our module's task" in markdown
