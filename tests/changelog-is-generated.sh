#!/usr/bin/env bash
# CHANGELOG.md must be what antsibull-changelog generates from changelogs/changelog.yaml.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/galaxy.yml" "$root/changelogs" "$work/"
(cd "$work" && "$root/.venv/bin/antsibull-changelog" generate)
if ! diff -u "$root/CHANGELOG.md" "$work/CHANGELOG.md"; then
  echo "CHANGELOG.md is not generated from changelogs/changelog.yaml: run make changelog" >&2
  exit 1
fi
