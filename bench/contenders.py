"""The contenders, each run the way its user runs it: ansible-playbook for the playbooks, the
SDK's own venv for the SDK script. Each run is timed from the command's start to its exit;
every module (or script) process runs under rss_exec.py, which records its peak RSS."""

import json
import os
import shutil
import stat
import subprocess
import time
from pathlib import Path

from sdk_venv import sdk_python

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
VENV_BIN = REPO / ".venv" / "bin"
PLAYBOOKS = HERE / "playbooks"

# name -> (playbook, label in the report)
PLAYBOOK_CONTENDERS = {
    "module": ("module_sync.yml", "intune.graph.managed_device_action, one task"),
    "uri_loop": ("uri_loop_sync.yml", "ansible.builtin.uri loop, one POST per device"),
    "uri_single": ("uri_single_sync.yml", "ansible.builtin.uri, one executeAction with all ids"),
}
LABELS = dict({name: label for name, (_p, label) in PLAYBOOK_CONTENDERS.items()},
              sdk="msgraph-beta-sdk script, one executeAction per 100 ids, in sequence")
# Accepted exit codes: 0, and 2 (a task failed: some devices failed, or Graph refused the
# request). What was sent and how it was answered is read from the simulator's log.
ACCEPTED = {0, 2}


class Runner:
    """Runs contenders against one simulator; files go under `workdir`."""

    def __init__(self, sim, workdir, settings):
        self.sim, self.workdir, self.settings = sim, Path(workdir), settings
        self.workdir.mkdir(parents=True, exist_ok=True)
        # Runs are numbered from 1 each time, and rss_exec.py appends to its log: files left
        # by an earlier benchmark would be read as this one's.
        shutil.rmtree(self.workdir / "runs", ignore_errors=True)
        self.collections = self._collection_tree()
        self.interpreter = self._interpreter()
        self.count = 0

    def _collection_tree(self):
        tree = self.workdir / "collections"
        link = tree / "ansible_collections" / "intune" / "graph"
        link.parent.mkdir(parents=True, exist_ok=True)
        if not link.is_symlink():
            link.symlink_to(REPO, target_is_directory=True)
        return tree

    def _interpreter(self):
        """rss_exec.py as an executable that Ansible takes for a Python interpreter."""
        path = self.workdir / "python"
        source = (HERE / "rss_exec.py").read_text(encoding="utf-8")
        path.write_text("#!{} -S\n{}".format(VENV_BIN / "python", source), encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
        return path

    def environment(self, rss_log):
        info = self.sim.info
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_", "IDENTITY_"))}
        env.update({
            "AZURE_TENANT_ID": info["tenant_id"], "AZURE_CLIENT_ID": info["client_id"],
            "AZURE_CLIENT_SECRET": info["client_secret"],
            "ANSIBLE_COLLECTIONS_PATH": str(self.collections),
            "ANSIBLE_PYTHON_INTERPRETER": str(self.interpreter),
            "ANSIBLE_LOCALHOST_WARNING": "false", "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_NOCOLOR": "1",
            "BENCH_PYTHON": str(VENV_BIN / "python"), "BENCH_RSS_LOG": str(rss_log),
        })
        return env

    def _files(self, name):
        self.count += 1
        stem = self.workdir / "runs" / "{:03d}-{}".format(self.count, name)
        stem.parent.mkdir(parents=True, exist_ok=True)
        return stem.with_suffix(".json"), stem.with_suffix(".log"), stem.with_suffix(".rss")

    def playbook(self, name, playbook, extra_vars):
        """Run bench/playbooks/`playbook` with `extra_vars` (plus the simulator's URLs)."""
        vars_file, output, rss_log = self._files(name)
        info = self.sim.info
        extra = dict(graph_url=info["graph_url"], authority_url=info["authority_url"],
                     ca_path=info["ca_path"], **extra_vars)
        vars_file.write_text(json.dumps(extra), encoding="utf-8")
        command = [str(VENV_BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local",
                   str(PLAYBOOKS / playbook), "-e", "@" + str(vars_file)]
        return self._timed(command, self.environment(rss_log), output, rss_log)

    def contender(self, name, device_ids, batch_size=100, token_cache=None):
        if name == "sdk":
            return self.sdk(device_ids)
        extra = dict(device_ids=device_ids, batch_size=batch_size,
                     concurrency=self.settings["concurrency"])
        if token_cache:
            extra["token_cache"] = str(token_cache)
        return self.playbook(name, PLAYBOOK_CONTENDERS[name][0], extra)

    def baseline(self, device_ids, fail):
        """ansible-playbook alone: our module's variables (and `fail`) in, a result of the same
        size out, with a module that sends nothing (playbooks/library/echo_device_ids.py)."""
        return self.playbook("baseline", "baseline_echo.yml", dict(
            device_ids=device_ids, batch_size=100, concurrency=self.settings["concurrency"],
            fail=fail))

    def sdk(self, device_ids):
        settings_file, output, rss_log = self._files("sdk")
        info = self.sim.info
        settings_file.write_text(json.dumps(dict(
            graph_url=info["graph_url"], authority_url=info["authority_url"],
            ca_path=info["ca_path"], device_ids=device_ids)), encoding="utf-8")
        env = self.environment(rss_log)
        del env["BENCH_PYTHON"]     # rss_exec.py runs the command it is given
        command = [str(self.interpreter), str(sdk_python()), str(HERE / "sdk_sync.py"),
                   str(settings_file)]
        return self._timed(command, env, output, rss_log)

    @staticmethod
    def _timed(command, env, output, rss_log):
        with open(output, "w", encoding="utf-8") as out:
            started = time.perf_counter()
            done = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  timeout=3600, check=False)
            wall = time.perf_counter() - started
        if done.returncode not in ACCEPTED:
            raise RuntimeError("{} exited with {}; see {}".format(
                " ".join(command[:4]), done.returncode, output))
        processes = [line.split() for line in rss_log.read_text(encoding="utf-8").splitlines()] \
            if rss_log.exists() else []
        return {
            "wall_s": round(wall, 3), "exit_code": done.returncode,
            "processes": len(processes),
            "peak_rss_mib": round(max(int(kib) for kib, _t in processes) / 1024, 1)
            if processes else None,
            "process_s": round(max(float(t) for _kib, t in processes), 3) if processes else None,
            "output": str(output),
        }
