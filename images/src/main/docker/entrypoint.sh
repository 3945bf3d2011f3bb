#!/bin/sh
# The images' entry point: ROLE (api | worker | serve | keys | models) and its arguments, with the JVM options of
# that role from java-opts.sh (DDIFFUSION_JAVA_OPTS replaces them), as ./ddiffusion starts them outside a container.
set -eu
home="${DDIFFUSION_HOME:-/app}"
. "$home/java-opts.sh"
opts=$(ddiffusion_java_opts "${1:-serve}")
# shellcheck disable=SC2086
exec "${JAVA_HOME:-/opt/java}/bin/java" --enable-native-access=ALL-UNNAMED $opts -jar "$home/quarkus-run.jar" "$@"
