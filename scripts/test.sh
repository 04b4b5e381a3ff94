#!/usr/bin/env bash
# Installs what is needed, builds, and runs the whole test suite (unit + integration + GUI).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --preset default -j 2 "$@"
