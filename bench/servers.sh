# Sourced by bench/run.sh and bench/one-worker.sh, as   . servers.sh [NAME],   once they have set $results and
# $redis_url: makes the run's key prefix ($prefix, under a fresh $run_id), a throw-away $admin_key and a private
# folder $work; stops the servers they start (listed in $pids) on any exit, deletes the run's Redis keys, keeps the
# logs (bench/results/logs, or logs-NAME), and waits for a server to come up.
# shellcheck shell=bash
bench_suffix=${1:+-$1}
run_id=$(openssl rand -hex 4)
prefix="ddbench:$run_id:"
admin_key="bench-admin-$(openssl rand -hex 20)"
work=$(mktemp -d "${TMPDIR:-/tmp}/ddbench$bench_suffix.$run_id.XXXX")
logs="$(dirname "$results")/logs$bench_suffix"
pids=()

stop() { # stop PID...: SIGTERM, then SIGKILL after 15 s
  local p
  for p in "$@"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "$@"; do
    for _ in $(seq 1 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ ${#pids[@]} -gt 0 ] && stop "${pids[@]}"
  if command -v redis-cli >/dev/null; then
    redis-cli -u "$redis_url" --scan --pattern "$prefix*" | xargs -r -n 500 redis-cli -u "$redis_url" unlink >/dev/null || true
  fi
  rm -rf "$logs" && mkdir -p "$logs" && cp "$work"/*.log "$logs"/ 2>/dev/null || true
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

await() { # await PID LOG URL|redis:PATTERN: until the health URL answers, or a Redis key matches PATTERN
  local pid=$1 log=$2 what=$3
  for _ in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || { echo "process $pid died; its log:" >&2; tail -40 "$log" >&2; exit 1; }
    case "$what" in
      http*) curl -sf -o /dev/null "$what" && return 0 ;;
      redis:*) [ -n "$(redis-cli -u "$redis_url" --scan --pattern "${what#redis:}" | head -1)" ] && return 0 ;;
    esac
    sleep 0.1
  done
  echo "timed out waiting for $what" >&2; tail -40 "$log" >&2; exit 1
}
