package io.tagpulse.benchmarks.record;

/**
 * One rate step of the whole pipeline, as the table of record and its plot use it.
 *
 * @param offered the posts per second the harness meant to produce
 * @param achieved the posts per second it produced
 * @param bounded whether every consumer group stayed under the bound behind its input through the step's second half
 * @param p50Ms median delay from a 1 s window's end to its row in the database, null if no window was read
 * @param p99Ms the 99th percentile of that delay, null if no window was read
 * @param cores CPU cores the broker and the apps used together during the step
 */
public record LoadStep(int offered, double achieved, boolean bounded, Long p50Ms, Long p99Ms, double cores) {
}
