package io.tagpulse.benchmarks.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What Linux says about a process and the machine: CPU time, resident memory, load average. */
final class Proc {

    private Proc() {
    }

    /** @return the process's user + system CPU time so far */
    static Duration cpu(long pid) {
        return ProcessHandle.of(pid)
            .flatMap(handle -> handle.info().totalCpuDuration())
            .orElseThrow(() -> new IllegalStateException("no CPU time for pid " + pid + " (has it exited?)"));
    }

    /** @return a field of /proc/pid/status in kB, e.g. {@code VmRSS} (resident now) or {@code VmHWM} (peak) */
    static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        }
        catch (IOException ex) {
            return -1;
        }
    }

    /** @return the 1-minute load average */
    static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return /proc/loadavg's three averages, e.g. {@code 1.52 2.10 3.40} */
    static String loadavg() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
