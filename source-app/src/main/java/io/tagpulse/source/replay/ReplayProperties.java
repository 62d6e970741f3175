package io.tagpulse.source.replay;

import jakarta.validation.constraints.DecimalMin;

/** Settings of the NDJSON replay ({@code tagpulse.source.replay.*}). */
public class ReplayProperties {

    /** Path of the NDJSON file to replay, one post per line. */
    private String file;

    /** Posts per second to replay; 0 replays as fast as Kafka takes them. */
    @DecimalMin("0")
    private double rate = 100;

    /** Whether to start the file again at its end. */
    private boolean loop = false;

    /** Whether to shift event times so that the file plays as if it were happening now (else keep them). */
    private boolean shiftToNow = true;

    public String getFile() {
        return file;
    }

    public void setFile(String file) {
        this.file = file;
    }

    public double getRate() {
        return rate;
    }

    public void setRate(double rate) {
        this.rate = rate;
    }

    public boolean isLoop() {
        return loop;
    }

    public void setLoop(boolean loop) {
        this.loop = loop;
    }

    public boolean isShiftToNow() {
        return shiftToNow;
    }

    public void setShiftToNow(boolean shiftToNow) {
        this.shiftToNow = shiftToNow;
    }
}
