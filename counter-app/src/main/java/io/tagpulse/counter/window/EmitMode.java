package io.tagpulse.counter.window;

/** When, in processing time, the counter writes a window's count (the "when" of the streaming model). */
public enum EmitMode {

    /**
     * Every change of a window's count, coalesced: the windows changed since the last emission are written every
     * {@code emitInterval} of wall-clock time (immediately when it is zero), each with its running total, and a
     * window's waiting update as soon as stream time passes its end. The last record of a window is its final count.
     */
    UPDATES,

    /** One record per window, its final count, written when the window closes (its end plus grace has passed). */
    FINAL
}
