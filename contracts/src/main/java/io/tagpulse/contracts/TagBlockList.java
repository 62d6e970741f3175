package io.tagpulse.contracts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tags that must never trend: exact tags and patterns, written as a person types them ({@code #Spam}, {@code nsfw*},
 * {@code *casino*}) and compared in normalized form ({@link HashtagExtractor#normalizeTyped}). A pattern's only
 * wildcard is {@code *} (any run of characters, none included), matched in time linear in the tag's length, so no
 * entry can make matching slow.
 */
public final class TagBlockList {

    /** The longest entry accepted, in characters. */
    public static final int MAX_ENTRY_LENGTH = 200;

    private static final TagBlockList EMPTY = new TagBlockList(Set.of(), List.of());

    private final Set<String> exact;

    private final List<String[]> patterns;

    private final List<String> entries;

    private TagBlockList(Set<String> exact, List<String[]> patterns) {
        this.exact = exact;
        this.patterns = patterns;
        List<String> all = new ArrayList<>(exact);
        patterns.forEach(parts -> all.add(String.join("*", parts)));
        this.entries = List.copyOf(all);
    }

    public static TagBlockList empty() {
        return EMPTY;
    }

    /**
     * @param entries exact tags and {@code *} patterns, as typed; blank ones are ignored
     * @return the block list
     * @throws IllegalArgumentException naming an entry that is too long or a pattern that would block every tag
     */
    public static TagBlockList of(Collection<String> entries) {
        Set<String> exact = new LinkedHashSet<>();
        List<String[]> patterns = new ArrayList<>();
        for (String entry : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            if (entry.length() > MAX_ENTRY_LENGTH) {
                throw new IllegalArgumentException("block-list entry longer than " + MAX_ENTRY_LENGTH
                        + " characters: '" + entry.substring(0, 40) + "…'");
            }
            if (!entry.contains("*")) {
                String tag = HashtagExtractor.normalizeTyped(entry);
                if (!tag.isEmpty()) {
                    exact.add(tag);
                }
                continue;
            }
            String[] parts = entry.strip().replaceFirst("^[#＃]", "").split("\\*", -1);
            boolean literal = false;
            for (int i = 0; i < parts.length; i++) {
                parts[i] = HashtagExtractor.normalize(parts[i]);
                literal |= !parts[i].isEmpty();
            }
            if (!literal) {
                throw new IllegalArgumentException("block-list pattern '" + entry + "' would block every tag");
            }
            patterns.add(parts);
        }
        return exact.isEmpty() && patterns.isEmpty() ? EMPTY : new TagBlockList(Set.copyOf(exact), List.copyOf(patterns));
    }

    /** @return whether a normalized tag is blocked */
    public boolean blocks(String tag) {
        if (exact.contains(tag)) {
            return true;
        }
        for (String[] parts : patterns) {
            if (matches(tag, parts)) {
                return true;
            }
        }
        return false;
    }

    /** @return the entries in normalized form, exact tags first */
    public List<String> entries() {
        return entries;
    }

    /** A glob match of literal parts separated by {@code *}: each part found in order, greedy-free, linear. */
    private static boolean matches(String tag, String[] parts) {
        if (!tag.startsWith(parts[0])) {
            return false;
        }
        int at = parts[0].length();
        int last = parts.length - 1;
        for (int i = 1; i < last; i++) {
            int found = tag.indexOf(parts[i], at);
            if (found < 0) {
                return false;
            }
            at = found + parts[i].length();
        }
        return tag.length() - at >= parts[last].length() && tag.endsWith(parts[last]);
    }
}
