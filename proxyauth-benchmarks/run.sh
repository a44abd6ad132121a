#!/usr/bin/env bash
# Builds the benchmarks and the CLI, runs JMH (JSON), the harnesses against the real Squid lab
# (round trips vs cntlm, relay, end to end, CLI cold start) and against the test kit (end to end,
# 500 connections), the cold-start and memory harnesses, and renders docs/BENCHMARKS.md from
# that one run. Needs squid, curl and cntlm (Debian packages) for the Squid sections.
#   proxyauth-benchmarks/run.sh            full run (about 20 minutes on 2 cores)
#   proxyauth-benchmarks/run.sh --short    smoke run (a few minutes; numbers not representative)
# Extra arguments after the mode go to JMH (e.g. a benchmark regex: run.sh --short Challenge).
# PROXYAUTH_TARGET selects the Maven output directory (default: target).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=full
if [[ "${1:-}" == "--short" ]]; then mode=short; shift; fi
target="${PROXYAUTH_TARGET:-target}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
load_start="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"

mvn -B -q -Dproxyauth.target="$target" -pl proxyauth-benchmarks,proxyauth-cli -am package \
  -DskipTests -Dmaven.javadoc.skip=true
jar="proxyauth-benchmarks/$target/benchmarks.jar"
out="proxyauth-benchmarks/$target/results"
mkdir -p "$out"
exports=--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
# The Squid and test kit harnesses run from the class path (SquidLab copies separate jars).
cp="proxyauth-benchmarks/$target/classes:$(cat "proxyauth-benchmarks/$target/harness.classpath")"
cli="proxyauth-cli/$target/proxyauth.jar"

if [[ "$mode" == short ]]; then
  jmh_opts=(-f 1 -wi 1 -i 1 -w 1s -r 1s); cold_runs=3
else
  jmh_opts=(-f 1); cold_runs=15
fi
"$java" -jar "$jar" "${jmh_opts[@]}" -rf json -rff "$out/jmh.json" "$@"
"$java" "$exports" -cp "$cp" io.github.proxyauth.benchmarks.harness.SquidHarness "$mode" \
  "$out/squid.properties" "$cli"
"$java" "$exports" -cp "$cp" io.github.proxyauth.benchmarks.harness.TestKitHarness "$mode" \
  "$out/testkit.properties"
"$java" "$exports" -cp "$jar" io.github.proxyauth.benchmarks.harness.ColdStart run "$cold_runs" \
  "$out/coldstart.properties"
"$java" "$exports" -XX:+UseSerialGC -Xmx1g -cp "$jar" io.github.proxyauth.benchmarks.harness.MemoryHarness \
  "$mode" "$out/memory.properties"
command="proxyauth-benchmarks/run.sh"; [[ "$mode" == short ]] && command+=" --short"
"$java" -cp "$jar" io.github.proxyauth.benchmarks.harness.Report "$mode" "$out/jmh.json" \
  "$out/coldstart.properties" "$out/memory.properties" docs/BENCHMARKS.md "$load_start" "$command" \
  "$out/squid.properties" "$out/testkit.properties"
