#!/usr/bin/env python3
"""taskstreamd's option names, the keys its config file and TASKSTREAM_* variables may use.

    deploy/tools/daemon_options.py --daemon TASKSTREAMD --check   # CI: the list is current
    deploy/tools/daemon_options.py --daemon TASKSTREAMD --write   # after adding an option

The list lives in deploy/tools/daemon-options.txt, derived from `taskstreamd --help`: every
option that takes a value, minus those of the `token`, `config` and `backup` subcommands (their help
starts with "token:", "config:" or "backup:"). The deploy checks (validate-manifests.py,
check-compose.py) read it with names(); CI compares it with the built daemon's --help, so an
option added to the daemon fails CI until the list is written again.
"""
import argparse
import pathlib
import re
import subprocess
import sys

LIST = pathlib.Path(__file__).resolve().parent / "daemon-options.txt"
HEADER = ("# taskstreamd's options that take a value, from `taskstreamd --help`.\n"
          "# Written by deploy/tools/daemon_options.py --write; CI checks it is current.\n")


def names():
    return {line.strip() for line in LIST.read_text().splitlines() if line.strip() and not line.startswith("#")}


def from_help(text):
    """Option names from QCommandLineParser's help: '  --name <value>   help...' rows."""
    found = []
    rows = re.findall(r"^  (?:-\w, )?--([a-z0-9-]+)(?: <[^>]+>)?\s+(.*)$", text, re.M)
    if not rows:
        raise SystemExit("daemon_options: no options found in --help")
    for name, help_start in rows:
        has_value = re.search(rf"^  (?:-\w, )?--{re.escape(name)} <", text, re.M) is not None
        if not has_value or help_start.startswith(("token:", "config:", "backup:")):
            continue
        found.append(name)
    return sorted(set(found))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--daemon", required=True)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--check", action="store_true")
    group.add_argument("--write", action="store_true")
    args = parser.parse_args()
    r = subprocess.run([args.daemon, "--help"], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"daemon_options: {args.daemon} --help failed: {r.stderr.strip()}")
    current = from_help(r.stdout)
    text = HEADER + "".join(n + "\n" for n in current)
    if args.write:
        LIST.write_text(text)
        print(f"daemon_options: wrote {len(current)} options to {LIST.name}")
        return 0
    listed = sorted(names())
    if listed != current:
        added = sorted(set(current) - set(listed))
        removed = sorted(set(listed) - set(current))
        print(f"daemon_options: {LIST.name} is stale (taskstreamd --help adds {added}, drops {removed}); "
              "run deploy/tools/daemon_options.py --daemon build/bin/taskstreamd --write", file=sys.stderr)
        return 1
    print(f"daemon_options: {LIST.name} lists the {len(current)} options of taskstreamd --help")
    return 0


if __name__ == "__main__":
    sys.dont_write_bytecode = True
    sys.exit(main())
