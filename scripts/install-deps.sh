#!/usr/bin/env bash
# Installs the Debian (bookworm) packages Taskstream needs to build, run and test.
# Every dependency comes from Debian; nothing is downloaded at build or run time.
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake ninja-build pkg-config
  # the layout of the sources is checked in CI (scripts/format.sh --check)
  clang-format
  # Qt 6 (LGPL-3 modules only: no Qt HttpServer, no Qt Charts)
  qt6-base-dev qt6-websockets-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6sql6-sqlite libqt6sql6-psql libgl-dev
  # SQLite's own API for the outbox relay's hot path (the library Qt's driver loads); simdjson
  # for CloudEvents JSON records
  libsqlite3-dev libsimdjson-dev
  # Kafka, Avro, HTTP, JWT, recurrence
  librdkafka-dev libavro-dev libhttp-parser-dev libjwt-dev libical-dev
  # notification mail through an SMTP relay (libcurl, MIT-style licence)
  libcurl4-openssl-dev
  # PostgreSQL's client library (PostgreSQL licence), for the database answer watchdog
  libpq-dev
  # independent clients for interop tests and the demo, PostgreSQL, headless GUI tests
  kcat curl python3 python3-kafka python3-lz4 python3-confluent-kafka python3-avro python3-websocket python3-requests postgresql
  # a local SMTP server for the mail tests
  python3-aiosmtpd
  xvfb xauth
  prometheus
  # the /feed page is tested in a real browser
  chromium
  # deploy/ checks: the chart renderer (Go, Sprig, sigs.k8s.io/yaml), JSON Schema validation
  # against the schemas vendored in deploy/tools/schemas/, yamllint
  golang-go golang-github-masterminds-sprig-dev golang-k8s-sigs-yaml-dev
  python3-jsonschema python3-yaml yamllint
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} Debian packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
