/**
 * Benchmarks of taskbridge against the raw AWS SDK v2 call it wraps: JMH benchmarks for per-call
 * overhead, async throughput and conversion, and process-level harnesses for cold start and the
 * emulator's throughput. Not API.
 */
@NullMarked
package dev.taskbridge.benchmarks;

import org.jspecify.annotations.NullMarked;
