#!/usr/bin/env bash
# deferred-diffusion ComfyUI benchmark (scenario i), one command:   bench/run-comfy.sh
#
# Loopback only: `api` + one `worker --queues comfy` (one comfy slot) on Redis (a fresh key prefix), with the REAL
# comfy-workflow handler pointed (COMFY_API_URL) at the ComfyUI emulator that the driver runs on 127.0.0.1:$BENCH_PORT+2
# (the worker's test-jar; no ComfyUI, no GPU). Runs scenario i (i1: the worker's overhead per task, claim -> /prompt
# and last event -> output stored; i2: a 50 MB LoadImage input; i3: a 4K EXR output; i4: 200 tasks queued on the one
# slot), stops everything (trap), deletes the run's Redis keys, writes bench/results/comfy.md (git-ignored) and prints
# it. About 2 minutes on 2 cores. See bench/README.md, "ComfyUI".
#
# Environment (all optional): DDIFFUSION_JAVA_OPTS, BENCH_BUILD (auto|always|never), BENCH_SCALE, BENCH_REDIS_URL,
# BENCH_PORT (default 5398; the emulator uses BENCH_PORT+2), BENCH_RESULTS (default bench/results/comfy.md).
set -euo pipefail
# shellcheck source=bench/one-worker.sh
. "$(dirname "${BASH_SOURCE[0]}")/one-worker.sh" comfy ComfyScenario \
  './worker/src/test/java/io/ddiffusion/worker/workflows/comfy/*' 5398

server_env=(DDIFFUSION_COMFY_CONCURRENCY=1 COMFY_API_URL="http://127.0.0.1:$emulator_port")
preamble "deferred-diffusion ComfyUI benchmark (scenario i)" "api + one \`worker --queues comfy\`"\
" (DDIFFUSION_COMFY_CONCURRENCY=1: one slot) on Redis; real comfy-workflow handler against the ComfyUI emulator"\
" (worker test-jar, not ComfyUI; one prompt at a time) on 127.0.0.1:$emulator_port, in the driver JVM, so its CPU"\
" counts as \"driver\""
start_servers comfy
# why: the driver holds a 50 MB PNG, its 67 MB request, the emulator's copy of each upload and 66 MB EXR downloads
drive 600 -Xms256m -Xmx2g -- --only i
