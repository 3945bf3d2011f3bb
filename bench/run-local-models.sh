#!/usr/bin/env bash
# deferred-diffusion local-models benchmark, one command:   bench/run-local-models.sh [tiny|real]
#
# Runs the worker's ONNX pipelines (sd-xl, depth-anything-2, real-esrgan-x4, sam-2) in one JVM, each on a fresh
# runtime: engine start, cold session loads, a first run, then warm runs (p50/p90), and sd-xl's time per denoising step.
#   tiny (default): the worker tests' tiny stand-in models on the CPU; no weights, no network. Measures the pipelines'
#                   own overhead (resizing, tensors, scheduler, CFG, tiling, PNG), not model compute.
#   real:           the pinned weights from the Hugging Face cache (never downloads: run './ddiffusion models pull'
#                   first) on DDIFFUSION_ONNX_DEVICE, with the GPU's used memory sampled by nvidia-smi when present.
#                   Models not pinned in this build are skipped with the reason. Build with BENCH_GPU=1 for CUDA.
# Writes bench/results/local-models.md (git-ignored) and prints it. See bench/README.md, "Local models".
#
# Environment (all optional): BENCH_RUNS (warm runs, default 10), BENCH_SDXL_STEPS (default 35), BENCH_ONLY
# (comma-separated model names), BENCH_SAM_IMAGE and BENCH_SAM_PROMPT (real mode: a photo and what to find in it),
# BENCH_BUILD (auto|always|never), BENCH_GPU (1: build with -Pgpu, the CUDA ONNX Runtime), BENCH_RESULTS,
# DDIFFUSION_JAVA_OPTS (JVM options, the launcher's by default); the worker's own variables (DDIFFUSION_ONNX_DEVICE,
# DDIFFUSION_MODEL_MEMORY_MB, HF_HOME / HF_HUB_CACHE, DDIFFUSION_SDXL_SCHEDULER, DDIFFUSION_ESRGAN_TILE_OVERLAP, ...).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mode=${1:-tiny}
case "$mode" in
  tiny|real) ;;
  *) echo "usage: bench/run-local-models.sh [tiny|real]" >&2; exit 2 ;;
esac

# shellcheck source=bench/java25.sh
. "$root/bench/java25.sh"

marker=bench/target/classes/io/ddiffusion/bench/local/LocalModelsBench.class
gpu=${BENCH_GPU:-0}
stale() {
  [ ! -f "$marker" ] || [ ! -d bench/target/lib ] && return 0
  # why: the CUDA and CPU builds of ONNX Runtime hold the same classes; the lib folder must have the asked-for one
  if [ "$gpu" = 1 ]; then ls bench/target/lib/onnxruntime_gpu-*.jar >/dev/null 2>&1 || return 0
  else ls bench/target/lib/onnxruntime-[0-9]*.jar >/dev/null 2>&1 || return 0; fi
  # the tiny models are the worker's test fixtures, so its test sources count too
  [ -n "$(find . \( -name target -o -name .git -o -name data -o -name results \) -prune -o \
      \( -path '*/src/main/*' -o -path './worker/src/test/*' -o -name pom.xml \) -type f -newer "$marker" -print -quit)" ]
}
case "${BENCH_BUILD:-auto}" in
  always) build=1 ;;
  never) build=0 ;;
  *) if stale; then build=1; else build=0; fi ;;
esac
if [ "$build" = 1 ]; then
  profile=()
  [ "$gpu" = 1 ] && profile=(-Pgpu)
  echo "== building the benchmark driver (./mvnw -B -q ${profile[*]} -DskipTests -pl bench -am package)" >&2
  rm -rf bench/target/lib
  ./mvnw -B -q "${profile[@]}" -DskipTests -pl bench -am package >&2
  touch "$marker"
fi

results=${BENCH_RESULTS:-bench/results/local-models.md}
# shellcheck source=app/java-opts.sh
. "$root/app/java-opts.sh"
java_opts=$(ddiffusion_java_opts worker)
work=$(mktemp -d "${TMPDIR:-/tmp}/ddbench-local.XXXX")
driver=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$driver" ] && kill -TERM "$driver" 2>/dev/null && wait "$driver" 2>/dev/null
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# why: a build may rewrite target/ while this runs; the driver runs from a private copy
cp -r bench/target/classes bench/target/lib "$work/"
args=(--mode "$mode" --runs "${BENCH_RUNS:-10}" --sdxl-steps "${BENCH_SDXL_STEPS:-35}" --results "$results")
[ -n "${BENCH_ONLY:-}" ] && args+=(--only "$BENCH_ONLY")
[ -n "${BENCH_SAM_IMAGE:-}" ] && args+=(--sam-image "$BENCH_SAM_IMAGE")
[ -n "${BENCH_SAM_PROMPT:-}" ] && args+=(--sam-prompt "$BENCH_SAM_PROMPT")

gpu_line=""
if command -v nvidia-smi >/dev/null; then
  gpu_line="- GPU: $(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null | paste -sd ';' -)"
fi
mkdir -p "$(dirname "$results")"
cat >"$results" <<HEADER
# deferred-diffusion local-models benchmark ($mode)

- Date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with local changes)')
- Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/^Mem:/{print $2}') GiB memory
${gpu_line:+$gpu_line
}- Java: $("$java" -version 2>&1 | head -1); options: \`$java_opts\`; ONNX Runtime $(ls "$work"/lib | sed -n 's/^\(onnxruntime[_a-z]*\)-\([0-9.]*\)\.jar$/\1 \2/p')
- Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shows up as noise)
- Warm runs per pipeline: ${BENCH_RUNS:-10}; sd-xl steps: ${BENCH_SDXL_STEPS:-35}
HEADER

# shellcheck disable=SC2086
"$java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow $java_opts -cp "$work/classes:$work/lib/*" \
  io.ddiffusion.bench.local.LocalModelsBench "${args[@]}" &
driver=$!
set +e
wait "$driver"
rc=$?
set -e
driver=""
printf '\n' >>"$results"
echo "- Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$results"

echo
cat "$results"
exit $rc
