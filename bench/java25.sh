# Sourced by the bench scripts: makes JAVA_HOME a JDK 25 (the one set, else a usual install path) and sets $java, or
# exits naming the script that needs it.
java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" -lt 25 ] 2>/dev/null; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then export JAVA_HOME="$candidate"; break; fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
  echo "bench/$(basename "$0") needs Java 25: set JAVA_HOME to a JDK 25 (e.g. Temurin 25)." >&2
  exit 1
fi
java="$JAVA_HOME/bin/java"
