#!/usr/bin/env bash
# deferred-diffusion provider benchmark (scenario h), one command:   bench/run-providers.sh
#
# Loopback only: `api` + one `worker --queues cpu` on Redis (a fresh key prefix), with the REAL Replicate handler
# (no plugin) pointed at the Replicate emulator that the driver runs on 127.0.0.1:$BENCH_PORT+2. Runs scenario h
# (h1: 1,000 flux-1-pro tasks at once, instant predictions; h2: scenario c on the instant emulator; h3: 1,000 tasks
# at once, 10 s predictions; h4: 10,000 tasks at once, 10 s predictions), stops everything (trap), deletes the run's
# Redis keys, writes bench/results/providers.md (git-ignored) and prints it. About 2.5 minutes on 2 cores. See
# bench/README.md, "Providers".
#
# Environment (all optional): DDIFFUSION_JAVA_OPTS, BENCH_BUILD (auto|always|never), BENCH_SCALE, BENCH_REDIS_URL,
# BENCH_PORT (default 5395; the emulator uses BENCH_PORT+2), BENCH_RESULTS (default bench/results/providers.md),
# BENCH_EMULATOR_MAX_IDLE (the emulator's sun.net.httpserver.maxIdleConnections, default 4096; the JDK's is 200),
# BENCH_PROVIDER_TASKS (h4's tasks at once, default 10000; 0: no h4), BENCH_PROVIDER_LATENCY (seconds each of h4's
# predictions processes, default 10).
set -euo pipefail
# shellcheck source=bench/one-worker.sh
. "$(dirname "${BASH_SOURCE[0]}")/one-worker.sh" providers ProviderScenario \
  './worker/src/test/java/io/ddiffusion/worker/providers/*' 5395

token=bench-token
provider_tasks=${BENCH_PROVIDER_TASKS:-10000}
# why: every task of h4 holds a slot while its prediction runs; the slots must not be what limits it
concurrency=$(( (provider_tasks > 1000 ? provider_tasks : 1000) + 200 ))
server_env=(DDIFFUSION_CPU_CONCURRENCY=$concurrency DDIFFUSION_ALLOW_PRIVATE_DOWNLOADS=true
            REPLICATE_API_TOKEN="$token" REPLICATE_BASE_URL="http://127.0.0.1:$emulator_port/v1")
preamble "deferred-diffusion provider benchmark (scenario h)" "api + one \`worker --queues cpu\`"\
" (DDIFFUSION_CPU_CONCURRENCY=$concurrency) on Redis; real Replicate handler (flux-1-pro) against the Replicate"\
" emulator (worker test-jar) on 127.0.0.1:$emulator_port (in the driver JVM, so its CPU counts as \"driver\")"
start_servers cpu
# why: the JDK HttpServer closes keep-alive connections beyond 200 idle ones (sun.net.httpserver.maxIdleConnections);
# the worker then reuses a closed pooled connection and a create POST fails (see README, "Providers")
drive 450 -Xms256m -Xmx1g -Dsun.net.httpserver.maxIdleConnections="${BENCH_EMULATOR_MAX_IDLE:-4096}" -- \
  --only h --replicate-token "$token" --provider-tasks "$provider_tasks" \
  --provider-latency "${BENCH_PROVIDER_LATENCY:-10}"
