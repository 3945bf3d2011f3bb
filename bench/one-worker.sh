# Sourced by bench/run-providers.sh and bench/run-comfy.sh, the benchmarks of one `api` and one `worker` on Redis
# against an emulator that the driver runs, as   . one-worker.sh NAME MARKER SOURCES PORT:
#   NAME     results file bench/results/NAME.md, logs in bench/results/logs-NAME, the driver's --mode
#   MARKER   a class of the driver that a build must have made, e.g. ProviderScenario
#   SOURCES  the worker's test sources the emulator comes from (a find -path pattern): they make a build stale
#   PORT     BENCH_PORT's default; the emulator listens on BENCH_PORT+2
# This builds the distribution if it is missing or stale (BENCH_BUILD), sets $scale, $redis_url, $port,
# $emulator_port, $results, $prefix, $admin_key and $work, copies the built jars aside, and defines start,
# start_servers, preamble and drive (below). bench/servers.sh does the clean-up.
# shellcheck shell=bash
bench_name=$1
bench_marker=$2
bench_sources=$3
default_port=$4
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# shellcheck source=bench/java25.sh
. "$root/bench/java25.sh"

app_jar=app/target/quarkus-app/quarkus-run.jar
# why: the emulator comes from the worker's test-jar, so its sources count too
stale() {
  [ ! -f "$app_jar" ] || [ ! -f "bench/target/classes/io/ddiffusion/bench/$bench_marker.class" ] \
    || [ ! -d bench/target/lib ] && return 0
  [ -n "$(find . \( -name target -o -name .git -o -name data -o -name results \) -prune -o \
      \( -path '*/src/main/*' -o -path "$bench_sources" -o -name pom.xml \) -type f -newer "$app_jar" -print -quit)" ]
}
# shellcheck source=bench/build.sh
. "$root/bench/build.sh"

scale=${BENCH_SCALE:-1}
redis_url=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
port=${BENCH_PORT:-$default_port}
emulator_port=$((port + 2))
results=${BENCH_RESULTS:-bench/results/$bench_name.md}
# shellcheck source=app/java-opts.sh
. "$root/app/java-opts.sh"
# shellcheck source=bench/servers.sh
. "$root/bench/servers.sh" "$bench_name"

# why: a build may rewrite target/ while this runs; servers and driver run from a private copy
mkdir -p "$work/dist" "$work/driver"
cp -r app/target/quarkus-app "$work/dist/"
app_jar="$work/dist/quarkus-app/quarkus-run.jar"
cp -r bench/target/classes bench/target/lib "$work/driver/"
driver_cp="$work/driver/classes:$work/driver/lib/*"
server_env=()

start() { # start NAME ARGS...: the distribution in the background with $server_env on top, logging to $work/NAME.log
  local name=$1; shift
  # shellcheck disable=SC2046
  env DDIFFUSION_ADMIN_KEY="$admin_key" DDIFFUSION_HOST=127.0.0.1 DDIFFUSION_PORT="$port" \
      DDIFFUSION_REDIS_URL="$redis_url" DDIFFUSION_REDIS_PREFIX="$prefix" DDIFFUSION_DATA_DIR="$work/data" \
      TASK_BACKLOG_LIMIT=100000 "${server_env[@]}" \
      "$java" $(ddiffusion_java_opts "$1") -jar "$app_jar" "$@" >"$work/$name.log" 2>&1 &
  started=$!
  pids+=("$started")
}

start_servers() { # start_servers QUEUES: api + one worker of QUEUES, once both are up; sets $api, $worker, $procs
  echo "== $bench_name: api on 127.0.0.1:$port + worker --queues $1, Redis $redis_url prefix $prefix," \
    "emulator :$emulator_port" >&2
  start api api
  api=$started
  start worker worker --queues "$1"
  worker=$started
  await "$api" "$work/api.log" "http://127.0.0.1:$port/health"
  # why: the worker process prints no log lines (see README), so readiness is its heartbeat key
  await "$worker" "$work/worker.log" "redis:${prefix}worker:*"
  local redis_pid
  redis_pid=$(redis-cli -u "$redis_url" info server | sed -n 's/^process_id:\([0-9]*\).*/\1/p')
  procs=(--proc "api:$api" --proc "worker:$worker")
  [ -n "$redis_pid" ] && [ -r "/proc/$redis_pid/stat" ] && procs+=(--cpu-proc "redis:$redis_pid")
  sleep 2
}

preamble() { # preamble TITLE DEPLOYMENT: starts the results file
  mkdir -p "$(dirname "$results")"
  cat >"$results" <<EOT
# $1

- Date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')
- Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/^Mem:/{print $2}') GiB memory; driver, emulator and servers share it
- Java: $("$java" -version 2>&1 | head -1); server options: api \`$(ddiffusion_java_opts api)\`; worker \`$(ddiffusion_java_opts worker)\`
- Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)
- $2
EOT
}

drive() { # drive SECONDS JVM-OPTION... -- DRIVER-OPTION...: runs the driver, stops the servers, prints the results
  local limit=$1; shift
  local jvm=()
  while [ "$1" != "--" ]; do jvm+=("$1"); shift; done; shift
  # why: in the background and waited for, so that Ctrl-C or a TERM reaches the trap at once
  timeout --signal=TERM "$limit" "$java" "${jvm[@]}" -cp "$driver_cp" io.ddiffusion.bench.Bench \
    --url "http://127.0.0.1:$port" --admin-key "$admin_key" --mode "$bench_name" --results "$results" \
    --scale "$scale" --warmup 0 --emulator-port "$emulator_port" "${procs[@]}" "$@" &
  local driver=$!
  pids+=("$driver")
  wait "$driver"
  stop "$api" "$worker"
  echo
  cat "$results"
}
