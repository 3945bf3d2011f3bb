#!/usr/bin/env bash
# deferred-diffusion provider benchmark (scenario h), one command:   bench/run-providers.sh
#
# Loopback only: `api` + one `worker --queues cpu` on Redis (a fresh key prefix), with the REAL Replicate handler
# (no plugin) pointed at the Replicate emulator that the driver runs on 127.0.0.1:$BENCH_PORT+2. Runs scenario h
# (h1: 1,000 flux-1-pro tasks at once, instant predictions; h2: scenario c on the instant emulator; h3: 1,000 tasks
# at once, 10 s predictions), stops everything (trap), deletes the run's Redis keys, writes bench/results/providers.md
# (git-ignored) and prints it. About 1.5 minutes on 2 cores. See bench/README.md, "Providers".
#
# Environment (all optional): DDIFFUSION_JAVA_OPTS, BENCH_BUILD (auto|always|never), BENCH_SCALE, BENCH_REDIS_URL,
# BENCH_PORT (default 5395; the emulator uses BENCH_PORT+2), BENCH_RESULTS (default bench/results/providers.md),
# BENCH_EMULATOR_MAX_IDLE (the emulator's sun.net.httpserver.maxIdleConnections, default 4096; the JDK's is 200).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# shellcheck source=bench/java25.sh
. "$root/bench/java25.sh"

app_jar=app/target/quarkus-app/quarkus-run.jar
# why: the Replicate emulator comes from the worker's test-jar, so its sources count too
stale() {
  [ ! -f "$app_jar" ] || [ ! -f bench/target/classes/io/ddiffusion/bench/ProviderScenario.class ] \
    || [ ! -d bench/target/lib ] && return 0
  [ -n "$(find . \( -name target -o -name .git -o -name data -o -name results \) -prune -o \
      \( -path '*/src/main/*' -o -path './worker/src/test/java/io/ddiffusion/worker/providers/*' -o -name pom.xml \) \
      -type f -newer "$app_jar" -print -quit)" ]
}
case "${BENCH_BUILD:-auto}" in
  always) build=1 ;;
  never) build=0 ;;
  *) if stale; then build=1; else build=0; fi ;;
esac
if [ "$build" = 1 ]; then
  echo "== building the distribution (./mvnw -B -q -DskipTests install)" >&2
  ./mvnw -B -q -DskipTests install >&2
  touch "$app_jar"
fi

scale=${BENCH_SCALE:-1}
redis_url=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
port=${BENCH_PORT:-5395}
emulator_port=$((port + 2))
results=${BENCH_RESULTS:-bench/results/providers.md}
# shellcheck source=app/java-opts.sh
. "$root/app/java-opts.sh"
run_id=$(openssl rand -hex 4)
prefix="ddbench:$run_id:"
admin_key="bench-admin-$(openssl rand -hex 20)"
token=bench-token
work=$(mktemp -d "${TMPDIR:-/tmp}/ddbench-providers.$run_id.XXXX")
logs="$(dirname "$results")/logs-providers"
# shellcheck source=bench/servers.sh
. "$root/bench/servers.sh"

# why: a build may rewrite target/ while this runs; servers and driver run from a private copy
mkdir -p "$work/dist" "$work/driver"
cp -r app/target/quarkus-app "$work/dist/"
app_jar="$work/dist/quarkus-app/quarkus-run.jar"
cp -r bench/target/classes bench/target/lib "$work/driver/"
driver_cp="$work/driver/classes:$work/driver/lib/*"

start() { # start NAME ARGS...: the distribution in the background, logging to $work/NAME.log
  local name=$1; shift
  # shellcheck disable=SC2046
  env DDIFFUSION_ADMIN_KEY="$admin_key" DDIFFUSION_HOST=127.0.0.1 DDIFFUSION_PORT="$port" \
      DDIFFUSION_REDIS_URL="$redis_url" DDIFFUSION_REDIS_PREFIX="$prefix" DDIFFUSION_DATA_DIR="$work/data" \
      TASK_BACKLOG_LIMIT=100000 DDIFFUSION_CPU_CONCURRENCY=1200 DDIFFUSION_ALLOW_PRIVATE_DOWNLOADS=true \
      REPLICATE_API_TOKEN="$token" REPLICATE_BASE_URL="http://127.0.0.1:$emulator_port/v1" \
      "$java" $(ddiffusion_java_opts "$1") -jar "$app_jar" "$@" >"$work/$name.log" 2>&1 &
  started=$!
  pids+=("$started")
}

mkdir -p "$(dirname "$results")"
cat >"$results" <<EOF
# deferred-diffusion provider benchmark (scenario h)

- Date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')
- Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/^Mem:/{print $2}') GiB memory; driver, emulator and servers share it
- Java: $("$java" -version 2>&1 | head -1); server options: api \`$(ddiffusion_java_opts api)\`; worker \`$(ddiffusion_java_opts worker)\`
- Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)
- api + one \`worker --queues cpu\` (DDIFFUSION_CPU_CONCURRENCY=1200) on Redis; real Replicate handler (flux-1-pro) against the Replicate emulator (worker test-jar) on 127.0.0.1:$emulator_port (in the driver JVM, so its CPU counts as "driver")
EOF

echo "== providers: api on 127.0.0.1:$port + worker --queues cpu, Redis $redis_url prefix $prefix, emulator :$emulator_port" >&2
start api api
api=$started
start worker worker --queues cpu
worker=$started
await "$api" "$work/api.log" "http://127.0.0.1:$port/health"
await "$worker" "$work/worker.log" "redis:${prefix}worker:*"
redis_pid=$(redis-cli -u "$redis_url" info server | sed -n 's/^process_id:\([0-9]*\).*/\1/p')
procs=(--proc "api:$api" --proc "worker:$worker")
[ -n "$redis_pid" ] && [ -r "/proc/$redis_pid/stat" ] && procs+=(--cpu-proc "redis:$redis_pid")
sleep 2
# why: the JDK HttpServer closes keep-alive connections beyond 200 idle ones (sun.net.httpserver.maxIdleConnections);
# the worker then reuses a closed pooled connection and a create POST fails (see README, "Providers")
timeout --signal=TERM 270 "$java" -Xms256m -Xmx1g -Dsun.net.httpserver.maxIdleConnections=${BENCH_EMULATOR_MAX_IDLE:-4096} -cp "$driver_cp" io.ddiffusion.bench.Bench \
  --url "http://127.0.0.1:$port" --admin-key "$admin_key" --mode providers --results "$results" --only h \
  --scale "$scale" --warmup 0 --emulator-port "$emulator_port" --replicate-token "$token" "${procs[@]}" &
driver=$!
pids+=("$driver")
wait "$driver"
stop "$api" "$worker"

echo
cat "$results"
