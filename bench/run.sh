#!/usr/bin/env bash
# deferred-diffusion benchmarks, one command:   bench/run.sh
#
# Builds the distribution if it is missing or older than the sources, then, on loopback only:
#   1. embedded:    `serve` (API + workers, in-memory broker) with the EchoHandler test plugin;
#   2. distributed: `api` + one `worker --queues gpu,cpu` on Redis (a fresh key prefix) with the plugin;
# creates a user key with a throw-away admin key, runs every scenario of the driver (bench/src/main/java) against
# each, stops the processes (always, by trap), deletes the run's Redis keys, and writes bench/results/latest.md
# (git-ignored), which it prints at the end. Takes about 3-4 minutes on 2 cores. See bench/README.md.
#
# Environment (all optional):
#   DDIFFUSION_JAVA_OPTS  JVM options of every server (default: the ./ddiffusion launcher's per role, app/java-opts.sh)
#   BENCH_BUILD           auto (default: build when missing or stale) | always | never
#   BENCH_MODES           "embedded distributed" (default) or one of them
#   BENCH_ONLY            scenario letters to run, default abcdefg
#   BENCH_SCALE           multiplies request counts and durations, default 1 (0.2 = quick smoke run)
#   BENCH_WARMUP          seconds of unrecorded load before the scenarios, default 60 (times the scale)
#   BENCH_REDIS_URL       default redis://127.0.0.1:6379
#   BENCH_PORT            first of the two ports used, default 5391; the metrics ports are BENCH_PORT+10 and +11
#   BENCH_RESULTS         results file, default bench/results/latest.md
#   BENCH_DIST            use this quarkus-app folder as it is instead of a private copy of app/target/quarkus-app
#                         (a stable path, e.g. for -XX:AOTCache experiments, which check the class path)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# shellcheck source=bench/java25.sh
. "$root/bench/java25.sh"

app_jar=app/target/quarkus-app/quarkus-run.jar
plugin="$root/worker/target/ddiffusion-worker-0.1.0-SNAPSHOT-tests.jar"
stale() {
  [ ! -f "$app_jar" ] || [ ! -f "$plugin" ] || [ ! -f bench/target/classes/io/ddiffusion/bench/Bench.class ] \
    || [ ! -d bench/target/lib ] && return 0
  [ -n "$(find . \( -name target -o -name .git -o -name data -o -name results \) -prune -o \
      \( -path '*/src/main/*' -o -path './worker/src/test/*' -o -name pom.xml \) -type f -newer "$app_jar" \
      -print -quit)" ]
}
# shellcheck source=bench/build.sh
. "$root/bench/build.sh"

modes=${BENCH_MODES:-embedded distributed}
only=${BENCH_ONLY:-abcdefg}
scale=${BENCH_SCALE:-1}
warmup=${BENCH_WARMUP:-60}
redis_url=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
port=${BENCH_PORT:-5391}
results=${BENCH_RESULTS:-bench/results/latest.md}
# shellcheck source=app/java-opts.sh
. "$root/app/java-opts.sh"
# shellcheck source=bench/servers.sh
. "$root/bench/servers.sh" ""

# why: a build may rewrite target/ while this runs; servers and driver run from a private copy
mkdir -p "$work/dist"
if [ -n "${BENCH_DIST:-}" ]; then
  app_jar="$BENCH_DIST/quarkus-run.jar"
else
  cp -r app/target/quarkus-app "$work/dist/"
  app_jar="$work/dist/quarkus-app/quarkus-run.jar"
fi
cp "$plugin" "$work/dist/plugin.jar"
plugin="$work/dist/plugin.jar"
mkdir -p "$work/driver" && cp -r bench/target/classes bench/target/lib "$work/driver/"
driver_cp="$work/driver/classes:$work/driver/lib/*"

# start NAME ENV... -- ARGS...: starts the distribution in the background, logging to $work/NAME.log
start() {
  local name=$1; shift
  local env=()
  while [ "$1" != "--" ]; do env+=("$1"); shift; done; shift
  local opts
  opts=$(ddiffusion_java_opts "$1")
  # shellcheck disable=SC2086
  env "${env[@]}" DDIFFUSION_ADMIN_KEY="$admin_key" DDIFFUSION_HANDLER_PLUGINS="$plugin" \
      DDIFFUSION_HOST=127.0.0.1 TASK_BACKLOG_LIMIT=1000000 DDIFFUSION_ENABLED_PROVIDERS=openai,replicate \
      "$java" $opts -jar "$app_jar" "$@" >"$work/$name.log" 2>&1 &
  started=$!
  pids+=("$started")
}
drive() { # drive MODE URL NAME:PID... (cpu=NAME:PID: CPU only, no RSS)
  local mode=$1 url=$2; shift 2
  local procs=()
  for p in "$@"; do
    case "$p" in cpu=*) procs+=(--cpu-proc "${p#cpu=}") ;; *) procs+=(--proc "$p") ;; esac
  done
  sleep 2 # let start-up settle before the idle RSS
  # why: in the background and waited for, so that Ctrl-C or a TERM reaches the trap at once
  timeout --signal=TERM $((240 + 2 * ${warmup%.*})) "$java" -Xms256m -Xmx1g -cp "$driver_cp" \
    io.ddiffusion.bench.Bench --url "$url" --admin-key "$admin_key" --mode "$mode" --results "$results" \
    --only "$only" --scale "$scale" --warmup "$warmup" "${procs[@]}" &
  local driver=$!
  pids+=("$driver")
  wait "$driver"
}

mkdir -p "$(dirname "$results")"
cat >"$results" <<EOF
# deferred-diffusion benchmark results

- Date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')
- Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/^Mem:/{print $2}') GiB memory; driver and servers share it
- Java: $("$java" -version 2>&1 | head -1); server options: serve \`$(ddiffusion_java_opts serve)\`; api \`$(ddiffusion_java_opts api)\`; worker \`$(ddiffusion_java_opts worker)\`
- Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (the "other" CPU in Details is everything else on the machine)
- Scale: $scale; warm-up ${warmup} s per deployment; loopback HTTP/1.1; handler: EchoHandler (no-op) plugin
EOF

for mode in $modes; do
  case "$mode" in
    embedded)
      echo "== embedded: serve on 127.0.0.1:$port" >&2
      # why: a metrics port of the run's own (not the default 9000), so two runs with different BENCH_PORTs do not collide
      start serve DDIFFUSION_PORT="$port" DDIFFUSION_METRICS_PORT=$((port + 10)) DDIFFUSION_DATA_DIR="$work/embedded" \
        -- serve
      serve=$started
      await "$serve" "$work/serve.log" "http://127.0.0.1:$port/health"
      drive embedded "http://127.0.0.1:$port" "serve (API+worker):$serve"
      stop "$serve"
      ;;
    distributed)
      dport=$((port + 1))
      echo "== distributed: api on 127.0.0.1:$dport + worker, Redis $redis_url prefix $prefix" >&2
      redis_env=(DDIFFUSION_REDIS_URL="$redis_url" DDIFFUSION_REDIS_PREFIX="$prefix"
                 DDIFFUSION_PORT="$dport" DDIFFUSION_DATA_DIR="$work/distributed")
      start api "${redis_env[@]}" DDIFFUSION_METRICS_PORT=$((port + 11)) -- api
      api=$started
      start worker "${redis_env[@]}" -- worker --queues gpu,cpu
      worker=$started
      await "$api" "$work/api.log" "http://127.0.0.1:$dport/health"
      # why: the worker process prints no log lines (see README), so readiness is its heartbeat key
      await "$worker" "$work/worker.log" "redis:${prefix}worker:*"
      redis_pid=$(redis-cli -u "$redis_url" info server | sed -n 's/^process_id:\([0-9]*\).*/\1/p')
      redis_proc=()
      [ -n "$redis_pid" ] && [ -r "/proc/$redis_pid/stat" ] && redis_proc=("cpu=redis:$redis_pid")
      drive distributed "http://127.0.0.1:$dport" "api:$api" "worker:$worker" "${redis_proc[@]}"
      stop "$api" "$worker"
      ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
done

echo
cat "$results"
