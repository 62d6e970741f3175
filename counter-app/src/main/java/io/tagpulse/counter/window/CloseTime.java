package io.tagpulse.counter.window;

/**
 * The task's close time has grown to {@code millis}: every input partition of the processor has been read past it,
 * so the windows that ended {@code grace} or more before it can receive no more mentions.
 *
 * @param millis the close time, epoch millis
 */
public record CloseTime(long millis) implements WindowInput {
}
