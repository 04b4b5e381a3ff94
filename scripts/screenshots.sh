#!/bin/sh
# Pictures of every tab of the console for the README: runs taskstream-console under Xvfb in the
# embedded sandbox with the demo load generator, waits for the system to fill, and saves
# docs/images/console-<tab>.png for every tab.
#
#   scripts/screenshots.sh [BUILD_DIR] [OUTPUT_DIR]
#
# Needs Debian's xvfb (xvfb-run). The console is built with
#   cmake --preset default && cmake --build build --target taskstream-console
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
out=${2:-$here/docs/images}
console=$build/bin/taskstream-console
[ -x "$console" ] || console=$build/app/taskstream-console
if [ ! -x "$console" ]; then
    echo "screenshots.sh: no taskstream-console in $build; build it first" >&2
    exit 2
fi
command -v xvfb-run >/dev/null 2>&1 || { echo "screenshots.sh: xvfb-run not found (apt-get install xvfb)" >&2; exit 2; }

mkdir -p "$out"
# A fresh settings folder: the window opens at its default size, without anyone's saved layout.
settings=$(mktemp -d)
trap 'rm -rf "$settings"' EXIT INT TERM
export XDG_CONFIG_HOME="$settings" XDG_DATA_HOME="$settings"
export LANG=C.UTF-8 LC_ALL=C.UTF-8 QT_QPA_PLATFORM=xcb
export QT_LOGGING_RULES='taskstream.*.info=false;taskstream.*.warning=false'

# 25 s of demo load gives the groups some lag history and the live view some rows.
xvfb-run --auto-servernum --server-args="-screen 0 1280x800x24" \
    "$console" --sandbox --demo-load --screenshot "$out" --screenshot-tab all --screenshot-delay 25000
ls -1 "$out"/console-*.png
