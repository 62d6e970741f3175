package io.tagpulse.filter.app;

/** A stand-in for an app's Spring wiring, which the logic below wrongly uses. */
public class Wiring {

    public static int port() {
        return 8082;
    }
}
