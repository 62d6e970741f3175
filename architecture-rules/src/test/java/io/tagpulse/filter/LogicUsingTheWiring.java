package io.tagpulse.filter;

import io.tagpulse.filter.app.Wiring;

/** Logic that breaks the layering on purpose: it reaches into the wiring and into Kafka's packages. */
public class LogicUsingTheWiring {

    public int port() {
        return Wiring.port() + org.apache.kafka.common.utils.Utils.abs(0);
    }
}
