package io.tagpulse.helm;

import java.util.List;
import java.util.Map;

/**
 * One object of a rendered chart: the template it came from and its content as parsed YAML.
 *
 * @param source the template's path, from Helm's {@code # Source:} comment
 * @param content the object, as maps, lists and scalars
 */
record RenderedObject(String source, Map<String, Object> content) {

    String apiVersion() {
        return (String) content.get("apiVersion");
    }

    String kind() {
        return (String) content.get("kind");
    }

    String name() {
        return (String) metadata().get("name");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> metadata() {
        return (Map<String, Object>) content.getOrDefault("metadata", Map.of());
    }

    @SuppressWarnings("unchecked")
    Map<String, String> annotations() {
        return (Map<String, String>) metadata().getOrDefault("annotations", Map.of());
    }

    /** @return the value at a path of map keys and list indexes, or null when the path does not exist */
    @SuppressWarnings("unchecked")
    Object at(Object... path) {
        Object current = content;
        for (Object step : path) {
            if (current instanceof Map<?, ?> map && step instanceof String key) {
                current = ((Map<String, Object>) map).get(key);
            }
            else if (current instanceof List<?> list && step instanceof Integer index && index < list.size()) {
                current = list.get(index);
            }
            else {
                return null;
            }
        }
        return current;
    }

    @Override
    public String toString() {
        return kind() + " " + name() + " (" + source + ")";
    }
}
