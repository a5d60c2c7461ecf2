#!/usr/bin/env bash
# Runs the whole test suite from a fresh Debian machine: installs the system tools the tests use
# (socat for serial ptys; faketime to step a running daemon's wall clock; strace to watch a backup reach
# the disk; lintian and systemd-analyze
# for the packaging checks; chromium and chromium-driver for the status page's browser test), then the
# Maven build with every test, then the .deb/.tar.gz/unit checks of scripts/package-test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for tool in socat:socat faketime:faketime strace:strace curl:curl lintian:lintian systemd-analyze:systemd dpkg-deb:dpkg \
    chromium:chromium chromedriver:chromium-driver; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool##*:}")
done
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing test tools: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# -Pbench adds the bench module: its JMH jar must build and its own unit tests run (the benchmarks do not)
mvn -B -ntp -Pbench verify "$@"

# the slowest tests, so a suite creeping towards CI's time limit is seen early (awk, not head: head
# would close the pipe early and pipefail would fail the run on sort's SIGPIPE once the list outgrows a pipe buffer)
echo "== The 10 slowest tests (seconds)"
grep -ho '<testcase name="[^"]*" classname="[^"]*" time="[^"]*"' ./*/target/surefire-reports/TEST-*.xml \
  | sed -E 's/<testcase name="([^"]*)" classname="([^"]*)" time="([^"]*)"/\3 \2.\1/' | sort -rn | awk 'NR <= 10'

# surefire keeps test output in files; the reliability suite's counts belong in the CI log
echo "== Reliability suite: what each run sent, acknowledged, stored, delivered, lost and doubled"
counts=$(grep -h -A3 -E '^(KillDuringReceiveTest|CrashToCloudTest|SerialUnplugStormTest|ClockStepProcessTest|DatabaseCompactionTest|StartStopCyclesTest|RecoveryToCloudTest|StorageRecoveryTest)[: ]' \
  bridge-daemon/target/surefire-reports/*-output.txt | grep -v -E '^(20[0-9][0-9]-|--$)') \
  || { echo "reliability counts missing from bridge-daemon/target/surefire-reports" >&2; exit 1; }
echo "$counts"
$SUDO scripts/package-test.sh
