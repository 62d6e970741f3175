package io.tagpulse.counter.window;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One tag's mentions in one window: how many, and how often each display form was written (for example
 * {@code #Kafka} 40 times and {@code #KAFKA} twice, both counted as {@code kafka}), so that the count can be shown in
 * the form people use most.
 * <p>
 * Up to {@link #MAX_FORMS} distinct forms are tallied exactly. Beyond that the rarest form gives way to the new one,
 * which inherits its tally plus one (the space-saving algorithm): a form written more often than
 * {@code count / MAX_FORMS} times is always kept, and so is the most common form in any realistic window. Ties go to
 * the form seen first. The count itself is always exact.
 */
public final class WindowTally {

    /** How many distinct display forms a window keeps. */
    public static final int MAX_FORMS = 8;

    private long count;

    private String[] forms;

    private long[] tallies;

    private WindowTally(long count, String[] forms, long[] tallies) {
        this.count = count;
        this.forms = forms;
        this.tallies = tallies;
    }

    /** @return an empty tally */
    public static WindowTally empty() {
        return new WindowTally(0, new String[0], new long[0]);
    }

    /** Counts one mention written as {@code display} (a {@code null} display counts without a form). */
    public WindowTally add(String display) {
        count++;
        if (display == null) {
            return this;
        }
        for (int i = 0; i < forms.length; i++) {
            if (forms[i].equals(display)) {
                tallies[i]++;
                return this;
            }
        }
        if (forms.length < MAX_FORMS) {
            forms = Arrays.copyOf(forms, forms.length + 1);
            tallies = Arrays.copyOf(tallies, tallies.length + 1);
            forms[forms.length - 1] = display;
            tallies[tallies.length - 1] = 1;
            return this;
        }
        int rarest = 0;
        for (int i = 1; i < tallies.length; i++) {
            if (tallies[i] < tallies[rarest]) {
                rarest = i;
            }
        }
        forms[rarest] = display;
        tallies[rarest]++;
        return this;
    }

    /** @return the number of mentions counted */
    public long count() {
        return count;
    }

    /** @return the display form written most often (the first seen on a tie), or {@code null} if none was given */
    public String mostCommon() {
        int best = -1;
        for (int i = 0; i < tallies.length; i++) {
            if (best < 0 || tallies[i] > tallies[best]) {
                best = i;
            }
        }
        return best < 0 ? null : forms[best];
    }

    /** Binary form: count, number of forms, then each form as length-prefixed UTF-8 and its tally. */
    byte[] toBytes() {
        byte[][] encoded = new byte[forms.length][];
        int size = Long.BYTES + Integer.BYTES;
        for (int i = 0; i < forms.length; i++) {
            encoded[i] = forms[i].getBytes(StandardCharsets.UTF_8);
            size += Integer.BYTES + encoded[i].length + Long.BYTES;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).putLong(count).putInt(forms.length);
        for (int i = 0; i < forms.length; i++) {
            buffer.putInt(encoded[i].length).put(encoded[i]).putLong(tallies[i]);
        }
        return buffer.array();
    }

    /** @throws IllegalArgumentException if the bytes are not a tally written by {@link #toBytes()} */
    static WindowTally fromBytes(byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long count = buffer.getLong();
            int size = buffer.getInt();
            if (size < 0 || size > MAX_FORMS) {
                throw new IllegalArgumentException("a window tally holds at most " + MAX_FORMS + " forms, not " + size);
            }
            String[] forms = new String[size];
            long[] tallies = new long[size];
            for (int i = 0; i < size; i++) {
                byte[] form = new byte[buffer.getInt()];
                buffer.get(form);
                forms[i] = new String(form, StandardCharsets.UTF_8);
                tallies[i] = buffer.getLong();
            }
            if (buffer.hasRemaining()) {
                throw new IllegalArgumentException(buffer.remaining() + " trailing bytes after a window tally");
            }
            return new WindowTally(count, forms, tallies);
        }
        catch (java.nio.BufferUnderflowException | NegativeArraySizeException ex) {
            throw new IllegalArgumentException("truncated window tally of " + bytes.length + " bytes", ex);
        }
    }

    @Override
    public String toString() {
        return count + " " + mostCommon();
    }
}
