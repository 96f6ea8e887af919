#!/usr/bin/env bash
# The README's first Quick-start command: set up what is missing, then release the example
# project the way a maintainer would from a terminal. Its tests run with pytest to produce
# real JUnit and coverage reports; the command line then certifies, builds and publishes
# it to .demo/release and prints the report. Nothing outside .demo/ is changed.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

python=/usr/bin/python3
# Debian's packages from scripts/system-packages.txt, the same list as the test suite's (all of them
# when any is missing, so that `npm test` runs next).
bash scripts/install-system-packages.sh
if [ ! -d node_modules ]; then
  echo "== npm ci"
  # On Node 20, npm warns once per package that declares Node 22 or later (Sigstore's libraries, some of
  # theirs and the toolkit's dependencies); the action runs on Node 24, and so do the tests: one line says so.
  npm ci --no-audit --no-fund 2>&1 | awk -v node="$(node -v)" '
    /npm warn EBADENGINE +package:/ { n++ }
    !/npm warn EBADENGINE/ { print }
    END { if (n) printf "npm: %d packages declare a newer Node than %s (the Sigstore libraries and some dependencies): the action runs on Node 24, and so does npm test; their EBADENGINE warnings are left out\n", n, node }'
fi
[ -f dist/cli/index.js ] || { echo "demo: dist/cli/index.js is missing; run npm run package" >&2; exit 1; }

work="$repo/.demo"
project="$work/sample-project"
rm -rf "$project"
mkdir -p "$work"
cp -R examples/sample-project "$project"

echo "== Running the example's tests (pytest, coverage.py)"
(cd "$project" && PYTHONDONTWRITEBYTECODE=1 "$python" -m pytest -q -p no:cacheprovider \
  --junitxml=reports/junit.xml --cov --cov-branch --cov-report=xml:reports/coverage.xml)

echo "== Releasing sample-project to $work/release"
status=0
(cd "$project" && node "$repo/dist/cli/index.js" \
  --junit-xml reports/junit.xml \
  --coverage-report reports/coverage.xml \
  --min-coverage 80 \
  --min-branch-coverage 50 \
  --security-scan bandit \
  --targets local \
  --local-dir ../release \
  --python "$python" \
  --build-isolation=false) || status=$?

echo
echo "== $work/release"
ls -l "$work/release" 2>/dev/null || true
[ -f "$work/release/SHA256SUMS" ] && (cd "$work/release" && sha256sum -c SHA256SUMS)
exit $status
