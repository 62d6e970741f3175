package io.tagpulse.source;

import java.util.Arrays;

/** What the sources' threads are doing, for tests that must know a thread has ended or is parked somewhere. */
public final class Threads {

    private Threads() {
    }

    /** @return whether a live thread is named {@code name} */
    public static boolean alive(String name) {
        return Thread.getAllStackTraces().keySet().stream()
            .anyMatch(thread -> thread.getName().equals(name) && thread.isAlive());
    }

    /** @return whether the thread named {@code name} is blocked, parked or waiting inside {@code className.method} */
    public static boolean waitingIn(String name, Class<?> type, String method) {
        return Thread.getAllStackTraces().entrySet().stream()
            .filter(entry -> entry.getKey().getName().equals(name))
            .filter(entry -> entry.getKey().getState() != Thread.State.RUNNABLE)
            .anyMatch(entry -> Arrays.stream(entry.getValue())
                .anyMatch(frame -> frame.getClassName().equals(type.getName())
                        && frame.getMethodName().equals(method)));
    }
}
