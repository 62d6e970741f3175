package io.tagpulse.counter;

import io.tagpulse.contracts.TrendingTags;
import io.tagpulse.counter.support.JsonSerde;

/** JSON serde of {@link TrendingTags}, named by class in the {@code trending} binding. */
public class TrendingTagsSerde extends JsonSerde<TrendingTags> {

    public TrendingTagsSerde() {
        super(TrendingTags.class);
    }
}
