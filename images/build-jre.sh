#!/usr/bin/env bash
# The images' Java runtime: jlink of the JDK that builds (Java 25) with the modules the distribution uses, so an image
# carries 70 MB of JVM instead of a 300 MB JDK. ImageSmokeIT runs the packaged distribution on it.
#   build-jre.sh OUTPUT_DIR    writes OUTPUT_DIR/jre
set -euo pipefail
out="$1/jre"
jdk="${JAVA_HOME:?JAVA_HOME must point at the JDK 25 that builds}"
# java.desktop: image decoding/encoding (ImageIO, BufferedImage); jdk.httpserver: a worker's metrics port;
# jdk.unsupported: Netty and Vert.x; jdk.naming.dns: the Redis client's DNS; jdk.jfr and jdk.management: profiling and
# the JVM metrics; jdk.crypto.cryptoki, java.security.jgss: TLS providers; jdk.zipfs, jdk.charsets: jar and charset
# handling of libraries
modules=java.base,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,\
java.security.jgss,java.sql,java.xml,jdk.charsets,jdk.crypto.cryptoki,jdk.httpserver,jdk.jfr,jdk.management,\
jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs
rm -rf "$out"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
  --output "$out"
echo "Java runtime: $out ($(du -sh "$out" | cut -f1))"
