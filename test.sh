#!/usr/bin/env bash
# README command 2: every test. Some need programs from the machine's packages, never downloaded by the tests:
# Chromium and its ChromeDriver (the dashboard's browser tests), PostgreSQL's server binaries (the sink's, the
# dashboard's and the local pipeline's PostgreSQL tests start a server of their own) and Prometheus with promtool
# (the chart's alert rules; the dashboard's queries against a real Prometheus scraping the local pipeline). On Debian,
# run as root, this installs what is missing; elsewhere it says what to install. Then it runs ./mvnw verify with any
# arguments given.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
{ [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || missing+=(chromium chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
{ [ -x /usr/bin/prometheus ] && command -v promtool >/dev/null 2>&1; } || missing+=(prometheus)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} (Debian packages) for the browser, PostgreSQL and Prometheus tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  else
    echo "The tests need ${missing[*]} (Debian/Ubuntu: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

exec ./mvnw verify "$@"
