#!/usr/bin/env bash
# Runs the whole benchmark set on this machine and writes bench/results/latest.json and latest.md:
# JMH for the decoders (one thread), then the load driver against the real daemon jar: the receiver
# runs (ACK/s, ACK latency, daemon CPU, RSS), then panel event → cloud latency with cloud sync on
# against a loopback CHeKT stand-in; then the cloud drain (DrainBench: 100,000 buffered events at a 50 ms round
# trip and on loopback, single events at 50 ms, an alarm behind 2,000 troubles, an online backup beside alarm
# commits). Takes about 10 minutes on 2 cores. Not part of the test suite.
# One load phase alone, into a scratch directory (never bench/results):
#   java -cp bench/target/benchmarks.jar io.chektbridge.bench.LoadBench bridge-daemon/target/chekt-bridge.jar \
#     /tmp/bench --phases=cloud        # durable, no_fsync, cloud; -Dchekt.bench.stepSeconds=N shortens cloud steps
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install
mvn -B -q -Pbench -pl bench -DskipTests package
java -jar bench/target/benchmarks.jar 'ContactIdParseBenchmark|Dc09DecodeBenchmark|SiteStateApplyBenchmark' -f 1 -wi 3 -w 2 -i 5 -r 2 -t 1 \
  -rf json -rff bench/results/jmh.json
java -cp bench/target/benchmarks.jar io.chektbridge.bench.LoadBench bridge-daemon/target/chekt-bridge.jar bench/results
java -cp bench/target/benchmarks.jar io.chektbridge.bench.DrainBench bench/results
java -cp bench/target/benchmarks.jar io.chektbridge.bench.BenchReport bench/results
cat bench/results/latest.md
