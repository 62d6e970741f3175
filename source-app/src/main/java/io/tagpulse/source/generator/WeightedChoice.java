package io.tagpulse.source.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * A weighted mix of names, as configured: entries {@code name:weight} ({@code en:45}), or a bare {@code name} of
 * weight 1, so {@code en,ja} is an even mix. Picks a name for a number in [0, 1).
 */
public final class WeightedChoice {

    private final List<String> names;

    private final double[] cumulative;

    private WeightedChoice(List<String> names, double[] cumulative) {
        this.names = names;
        this.cumulative = cumulative;
    }

    /**
     * @param entries {@code name:weight} or {@code name}; names are unique, weights positive
     * @return the mix they describe
     * @throws IllegalArgumentException naming the entry that is wrong
     */
    public static WeightedChoice parse(List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            throw new IllegalArgumentException("at least one entry is needed");
        }
        List<String> names = new ArrayList<>();
        double[] cumulative = new double[entries.size()];
        double sum = 0;
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i) == null ? "" : entries.get(i).strip();
            int colon = entry.indexOf(':');
            String name = (colon < 0 ? entry : entry.substring(0, colon)).strip();
            double weight = colon < 0 ? 1 : weightOf(entry, entry.substring(colon + 1).strip());
            if (name.isEmpty() || names.contains(name)) {
                throw new IllegalArgumentException("entry '" + entry + "' needs a name of its own");
            }
            names.add(name);
            sum += weight;
            cumulative[i] = sum;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= sum;
        }
        return new WeightedChoice(List.copyOf(names), cumulative);
    }

    private static double weightOf(String entry, String text) {
        try {
            double weight = Double.parseDouble(text);
            if (weight > 0 && Double.isFinite(weight)) {
                return weight;
            }
        }
        catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("entry '" + entry + "' needs a positive weight after ':'");
    }

    /** @return the name whose share of [0, 1) holds {@code u} */
    public String pick(double u) {
        for (int i = 0; i < cumulative.length - 1; i++) {
            if (u < cumulative[i]) {
                return names.get(i);
            }
        }
        return names.get(names.size() - 1);
    }

    /** @return the names in the configured order */
    public List<String> names() {
        return names;
    }

    /** @return the share (0..1) of a name, 0 for one not in the mix */
    public double share(String name) {
        int i = names.indexOf(name);
        return i < 0 ? 0 : cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
    }

    /** @return the name with the largest share (the first of equals) */
    public String mostCommon() {
        return names.stream().reduce((a, b) -> share(b) > share(a) ? b : a).orElseThrow();
    }
}
