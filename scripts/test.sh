#!/usr/bin/env bash
# Installs what is needed, builds, and runs the whole test suite (unit + integration + GUI).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
# The preset runs six tests at once: most integration tests spend their time waiting for the
# embedded broker (group joins, session timeouts), not on the two cores.
ctest --preset default "$@"
