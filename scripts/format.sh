#!/usr/bin/env bash
# Lays out every C++ source of the repository with .clang-format (Debian's clang-format 14).
# --check changes nothing and fails, naming the files, when one differs: CI runs that.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if [ "${1:-}" = "--check" ]; then
  report=$(mktemp)
  trap 'rm -f "$report"' EXIT
  if ! clang-format --dry-run --Werror "${files[@]}" 2>"$report"; then
    grep -o '^[^: ]*\.\(cpp\|h\):[0-9]*:[0-9]*: \(warning\|error\)' "$report" | cut -d: -f1 | sort -u | sed 's/^/not formatted: /'
    echo "format: run scripts/format.sh and commit the result" >&2
    exit 1
  fi
  echo "format: ${#files[@]} C++ files follow .clang-format"
  exit 0
fi
clang-format -i "${files[@]}"
