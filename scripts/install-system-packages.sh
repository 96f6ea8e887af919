#!/usr/bin/env bash
# Installs the Debian packages in scripts/system-packages.txt (what the test suite and the demo need)
# when any of them is not installed; does nothing, quietly, when all are.
# Usage: install-system-packages.sh [--check]   --check: only list the missing packages (exit 1 if any).
# Used by examples/demo.sh (the README's first command) and .ci/run.
set -euo pipefail
list="$(cd "$(dirname "$0")" && pwd)/system-packages.txt"

packages=()
while read -r package _; do
  case "$package" in '' | '#'*) continue ;; esac
  packages+=("$package")
done <"$list"

if ! command -v dpkg-query >/dev/null; then
  echo "install-system-packages: no dpkg-query here; this needs Debian or Ubuntu (or install the equivalents of: ${packages[*]})" >&2
  exit 1
fi

missing=()
for package in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)"
  [ "$status" = installed ] || missing+=("$package")
done

if [ "${1:-}" = --check ]; then
  [ ${#missing[@]} -eq 0 ] && exit 0
  echo "missing Debian packages: ${missing[*]}"
  exit 1
fi
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then sudo=(sudo); else
    echo "install-system-packages: ${missing[*]} not installed; need root or sudo to run: apt-get install -y ${packages[*]}" >&2
    exit 1
  fi
fi
echo "== Installing Debian packages (missing: ${missing[*]})"
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
