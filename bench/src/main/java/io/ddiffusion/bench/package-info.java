/**
 * The benchmark load driver: plain JDK HTTP client on virtual threads against a running distribution. Started by
 * {@code bench/run.sh}, which starts and stops the servers; see {@code bench/README.md}.
 */
package io.ddiffusion.bench;
