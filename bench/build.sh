# Sourced by bench/run.sh and bench/one-worker.sh once they have defined stale() and set $app_jar: builds the
# distribution (./mvnw install, tests skipped) when BENCH_BUILD is always, or auto (the default) and stale says so.
# shellcheck shell=bash
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
