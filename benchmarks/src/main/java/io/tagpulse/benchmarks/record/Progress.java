package io.tagpulse.benchmarks.record;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The benchmarks command's progress on the terminal: which step of how many, what it is doing, the time it has taken
 * and the time it was estimated to take. On a terminal one status line is redrawn every second; otherwise (output
 * to a file or a pipe) each step and each thing it reports is a plain line of its own.
 */
public final class Progress implements AutoCloseable {

    private final PrintStream out;

    private final boolean terminal;

    private final LongSupplier nanos;

    private final long commandStart;

    private final ScheduledExecutorService redraw;

    private String step = "";

    private int index;

    private int total;

    private long stepStart;

    private Duration estimate = Duration.ZERO;

    private String detail = "";

    private boolean closed;

    /**
     * @param out the terminal or the file
     * @param terminal whether {@code out} is a terminal (a status line redrawn in place)
     * @param nanos the clock ({@link System#nanoTime()})
     */
    public Progress(PrintStream out, boolean terminal, LongSupplier nanos) {
        this.out = out;
        this.terminal = terminal;
        this.nanos = nanos;
        this.commandStart = nanos.getAsLong();
        if (terminal) {
            redraw = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "progress");
                thread.setDaemon(true);
                return thread;
            });
            redraw.scheduleAtFixedRate(this::draw, 1, 1, TimeUnit.SECONDS);
        }
        else {
            redraw = null;
        }
    }

    /** Starts step {@code index} of {@code total}, estimated to take {@code estimate}. */
    public synchronized void step(int index, int total, String step, Duration estimate) {
        this.index = index;
        this.total = total;
        this.step = step;
        this.estimate = estimate;
        this.stepStart = nanos.getAsLong();
        this.detail = "starting";
        if (terminal) {
            draw();
        }
        else {
            out.printf(Locale.ROOT, "[%d/%d] %s (estimated %s; %s since the start)%n", index, total, step,
                    clock(estimate.toSeconds()), clock(elapsed(commandStart)));
        }
    }

    /** What the current step is doing now (a harness's line). */
    public synchronized void detail(String text) {
        if (text.isBlank()) {
            return;
        }
        detail = text.strip();
        if (terminal) {
            draw();
        }
        else {
            out.println("  " + detail);
        }
    }

    /** Prints a line of its own above the status line (or plainly). */
    public synchronized void println(String text) {
        if (terminal) {
            out.print("\r\033[K");
        }
        out.println(text);
        if (terminal) {
            draw();
        }
    }

    private synchronized void draw() {
        if (step.isEmpty() || closed) {
            return;
        }
        out.print("\r\033[K" + status(index, total, step, elapsed(stepStart), estimate.toSeconds(),
                elapsed(commandStart), detail, 120));
        out.flush();
    }

    private long elapsed(long since) {
        return (nanos.getAsLong() - since) / 1_000_000_000L;
    }

    /**
     * @return the status line: step, elapsed of estimated, total elapsed, then as much of the detail as fits in
     *     {@code width} characters
     */
    static String status(int index, int total, String step, long elapsedSeconds, long estimateSeconds,
            long totalSeconds, String detail, int width) {
        String head = String.format(Locale.ROOT, "[%d/%d] %s %s / ~%s (total %s) ", index, total, step,
                clock(elapsedSeconds), clock(estimateSeconds), clock(totalSeconds));
        String text = head + "· " + detail;
        return text.length() <= width ? text : text.substring(0, Math.max(head.length(), width - 1)) + "…";
    }

    /** @return seconds as m:ss, or h:mm:ss from an hour */
    static String clock(long seconds) {
        long s = Math.max(0, seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Stops redrawing and ends the status line. */
    @Override
    public synchronized void close() {
        closed = true;
        if (redraw != null) {
            redraw.shutdownNow();
            out.print("\r\033[K");
            out.flush();
        }
    }
}
