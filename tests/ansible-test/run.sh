#!/usr/bin/env bash
# Run ansible-test (sanity, units, ...) on a copy of the collection: it needs a real
# ansible_collections/<ns>/<name> tree, not a symlink. ansible-test's venvs fetch a pip bootstrap
# script from a host that may be out of reach; an equivalent that uses ensurepip and the package
# index is put in its cache.   Usage: tests/ansible-test/run.sh sanity --python 3.11
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/.venv/bin"
export PATH="$bin:$PATH"  # the sanity test of shell scripts runs the venv's copy of ShellCheck
pip_version=$(sed -n "s/^ *pip='\([0-9.]*\)',$/\1/p" \
  "$("$bin/python" -c 'import ansible_test, os; print(os.path.dirname(ansible_test.__file__))')/_internal/python_requirements.py")
mkdir -p ~/.ansible/test/cache
cp "$root/tests/ansible-test/get_pip_offline.py" ~/.ansible/test/cache/"get_pip_${pip_version//./_}.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dest="$work/ansible_collections/intune/graph"
mkdir -p "$dest"
(cd "$root" && git ls-files -co --exclude-standard | tar -cf - -T -) | tar -xf - -C "$dest"
cd "$dest"
"$bin/ansible-test" "$@" --color no
