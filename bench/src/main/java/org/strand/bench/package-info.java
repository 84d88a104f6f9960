/**
 * JMH benchmarks. Build with {@code mvn -pl bench -am package -DskipTests}, run with
 * {@code java -jar bench/target/benchmarks.jar <pattern>}; record results with the command in
 * {@code docs/BENCHMARKS.md}.
 */
package org.strand.bench;
