# JVM options per role, for ./ddiffusion and the benchmarks (sourced; bench/README.md has the measurements behind
# them). DDIFFUSION_JAVA_OPTS, when set, replaces them for every role.
#
# ddiffusion_java_opts ROLE   prints the options for serve | api | worker | keys | models
ddiffusion_java_opts() {
  if [ -n "${DDIFFUSION_JAVA_OPTS:-}" ]; then
    printf '%s\n' "$DDIFFUSION_JAVA_OPTS"
    return
  fi
  local common="-XX:MaxRAMPercentage=50 -XX:+UseCompactObjectHeaders"
  # why: a process that runs tasks survives an out-of-memory (the task that hit it fails, its memory is freed, the
  # others go on: the worker budgets decoded images, DDIFFUSION_IMAGE_MEMORY_MB); the API and the short commands hold
  # no task to fail, so for them a clean exit and restart is the way out
  local exit_on_oom="-XX:+ExitOnOutOfMemoryError"
  # The worker: G1 starts with a small heap, grows it under load and, after 5 s without a collection, collects and
  # returns free heap to the OS (JEP 346); freed native memory goes back every 5 s too; IdleHeapTrim's full collection
  # when idle gives back the rest (G1's idle cycle left 65-480 MB of heap 15 s after the benchmark, ~20 MB live). It
  # holds decoded images of many megabytes, which G1 keeps out of the young generation (161-171 MiB 15 s after the
  # benchmark with the trim, 153-182 without it, against 273-295 with the serial collector below).
  local g1="-XX:+UseG1GC -Xms16m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:G1PeriodicGCInterval=5000 \
-XX:TrimNativeHeapInterval=5000"
  # serve, the api and the short commands: the serial collector spends the least CPU per request on few cores (G1
  # halved serve's submit throughput on 2 cores) and keeps the heap near what is live: G1 grew the api's heap with
  # its allocation rate, to a 400-490 MiB peak in the benchmark (of 16-37 MB live), against 231-237 MiB with this.
  # Its young generation is sized from the start heap and resized only in full collections, so a small start heap
  # alone left serve with a 9 MiB eden: young collections as often as every 50 ms, and request bodies (5 MiB images)
  # promoted or put straight into the old generation, which grows without a full collection (2.8 GiB of heap, nearly
  # all garbage, after the benchmark). A fixed 32 MiB young generation keeps them there. The heap shrinks only in full
  # collections, which every role runs when idle after a burst (IdleHeapTrim): the first one gives back
  # everything above 30 % free (not in steps over several). An api on many cores under heavy load may do better with
  # G1's parallel collections: DDIFFUSION_JAVA_OPTS.
  local serial="-XX:+UseSerialGC -Xms48m -Xmn32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 \
-XX:-ShrinkHeapInSteps -XX:TrimNativeHeapInterval=5000"
  case "${1:-serve}" in
    api) printf '%s\n' "$serial $common $exit_on_oom" ;;
    worker) printf '%s\n' "$g1 $common" ;;
    serve) printf '%s\n' "$serial $common" ;;
    *) printf '%s\n' "$serial $common $exit_on_oom" ;;
  esac
}
