package io.tagpulse.counter.window;

/**
 * What the window counts read, in the order of the hashtags partition: the mentions, each placed in event time, and
 * the close time each time the processor's watermarks move it ({@link WatermarkClockProcessor}).
 */
public sealed interface WindowInput permits TimedMention, CloseTime {
}
