package io.tagpulse.counter.window;

/**
 * What a window count tells the emission of its counts, in order: each tally it changed, and each window it closed.
 */
public sealed interface WindowEvent permits TallyChange, ClosedWindow {
}
