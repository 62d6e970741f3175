package io.tagpulse.counter.trend;

/**
 * How the trending ranks the tags of each velocity window.
 *
 * @param topK how many tags each trending window lists
 * @param baselineWeight weight of the newest window in a tag's exponentially weighted baseline, in (0, 1]
 * @param smoothing pseudo-count added to both the count and the baseline in the trend score (positive)
 * @param retainedWindows how many recent windows the global ranking keeps to merge late partial rankings
 */
public record TrendSettings(int topK, double baselineWeight, double smoothing, int retainedWindows) {
}
