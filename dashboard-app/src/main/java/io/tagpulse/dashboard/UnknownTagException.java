package io.tagpulse.dashboard;

import java.util.List;

/** Tags a query names of which no count was ever stored; the message names them. */
public class UnknownTagException extends RuntimeException {

    private final List<String> tags;

    public UnknownTagException(List<String> tags) {
        super((tags.size() == 1 ? "unknown tag " : "unknown tags ")
                + String.join(", ", tags.stream().map(tag -> "'" + tag + "'").toList())
                + ": no counts were ever stored for " + (tags.size() == 1 ? "it" : "them"));
        this.tags = List.copyOf(tags);
    }

    /** @return the normalized tags that are unknown */
    public List<String> tags() {
        return tags;
    }
}
