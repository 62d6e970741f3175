package io.tagpulse.contracts;

import java.time.Duration;
import java.time.Instant;

/** The event time of a post, in one place: its creation time, unless that claims to be in the future. */
public final class EventTimes {

    private EventTimes() {
    }

    /**
     * A post's event time: its {@code createdAt}, or its arrival time when {@code createdAt} is further ahead of the
     * arrival than {@code maxClockSkew}. A clock that runs ahead (or a client that lies) cannot date a post into the
     * future and so cannot push the pipeline's clock ahead of the posts still to come.
     *
     * @param createdAt the post's creation time as its author's platform gives it
     * @param arrivalMillis when the post reached Tagpulse (the Kafka timestamp of its record on the posts topic), or
     *        a negative number when unknown (then {@code createdAt} is taken as it is)
     * @param maxClockSkew how far ahead of the arrival a creation time may be and still be believed
     */
    public static Instant of(Instant createdAt, long arrivalMillis, Duration maxClockSkew) {
        if (arrivalMillis < 0) {
            return createdAt;
        }
        Instant arrival = Instant.ofEpochMilli(arrivalMillis);
        return createdAt.isAfter(arrival.plus(maxClockSkew)) ? arrival : createdAt;
    }
}
