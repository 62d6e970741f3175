package io.tagpulse.helm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.util.ModelMapper;

/**
 * Checks a rendered object the way the API server would. Built-in kinds go through the official Kubernetes Java
 * models: their generated {@code validateJsonElement} rejects unknown fields, missing required fields and wrongly
 * shaped values; then the object is read into its model class and written back, and anything lost or changed on the
 * way (a number given as a string, a field the model dropped) is an error too. Custom kinds (KEDA, Prometheus
 * Operator) are checked against a JSON schema of their CRD in {@code crd-schemas/}; a kind that is neither is an
 * error, never skipped.
 */
final class KubernetesObjects {

    /** The custom kinds the chart may render, each with its schema under crd-schemas/. */
    static final Set<String> CUSTOM_KINDS = Set.of(
            "keda.sh/v1alpha1/ScaledObject", "keda.sh/v1alpha1/TriggerAuthentication",
            "monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com/v1/PrometheusRule");

    private static final Gson GSON = new Gson();

    private static final ObjectMapper JACKSON = new ObjectMapper();

    private static final JSON KUBERNETES_JSON = new JSON();

    private KubernetesObjects() {
    }

    /**
     * @return the object as its Kubernetes model (e.g. {@code V1Deployment}), or as a JSON tree for a custom kind
     * @throws AssertionError naming the object and every problem found
     */
    static Object check(RenderedObject object) {
        String apiVersion = object.apiVersion();
        String kind = object.kind();
        JsonElement json = GSON.toJsonTree(object.content());
        Class<?> model = ModelMapper.getApiTypeClass(apiVersion, kind);
        // For a kind it has no model of, client-java answers null or its DynamicKubernetesObject.
        if (model != null && model.getPackageName().equals("io.kubernetes.client.openapi.models")) {
            return checkModel(object, model, json);
        }
        String customKind = apiVersion + "/" + kind;
        if (CUSTOM_KINDS.contains(customKind)) {
            checkCustom(object, customKind);
            return json;
        }
        throw new AssertionError(object + ": " + customKind + " is neither a Kubernetes kind of client-java nor one of "
                + "the custom kinds with a schema " + CUSTOM_KINDS);
    }

    private static Object checkModel(RenderedObject object, Class<?> model, JsonElement json) {
        try {
            Method validate = model.getMethod("validateJsonElement", JsonElement.class);
            validate.invoke(null, json);
        }
        catch (InvocationTargetException ex) {
            throw new AssertionError(object + " is not a valid " + model.getSimpleName() + ": "
                    + ex.getCause().getMessage(), ex.getCause());
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(model + " has no validateJsonElement: client-java too old?", ex);
        }
        Object typed;
        try {
            typed = KUBERNETES_JSON.deserialize(json.toString(), model);
        }
        catch (RuntimeException ex) {
            throw new AssertionError(object + " does not read as a " + model.getSimpleName() + ": " + ex.getMessage(), ex);
        }
        JsonElement written = JsonParser.parseString(KUBERNETES_JSON.serialize(typed));
        List<String> differences = new ArrayList<>();
        compare("", json, written, differences);
        if (!differences.isEmpty()) {
            throw new AssertionError(object + " changes when read as a " + model.getSimpleName() + " (a wrong type or "
                    + "a field the model does not have):\n  " + String.join("\n  ", differences));
        }
        return typed;
    }

    private static void compare(String path, JsonElement expected, JsonElement actual, List<String> differences) {
        if (expected.isJsonNull()) {
            return;
        }
        if (actual == null || actual.isJsonNull()) {
            differences.add(path + ": " + expected + " is lost");
        }
        else if (expected.isJsonObject() && actual.isJsonObject()) {
            JsonObject actualObject = actual.getAsJsonObject();
            expected.getAsJsonObject().entrySet().forEach(entry -> compare(path + "." + entry.getKey(),
                    entry.getValue(), actualObject.get(entry.getKey()), differences));
        }
        else if (expected.isJsonArray() && actual.isJsonArray()) {
            if (expected.getAsJsonArray().size() != actual.getAsJsonArray().size()) {
                differences.add(path + ": " + expected + " became " + actual);
                return;
            }
            for (int i = 0; i < expected.getAsJsonArray().size(); i++) {
                compare(path + "[" + i + "]", expected.getAsJsonArray().get(i), actual.getAsJsonArray().get(i),
                        differences);
            }
        }
        else if (expected.isJsonPrimitive() && actual.isJsonPrimitive()) {
            if (!samePrimitive(expected.getAsJsonPrimitive(), actual.getAsJsonPrimitive())) {
                differences.add(path + ": " + expected + " became " + actual);
            }
        }
        else {
            differences.add(path + ": " + expected + " became " + actual);
        }
    }

    private static boolean samePrimitive(JsonPrimitive expected, JsonPrimitive actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return new BigDecimal(expected.getAsString()).compareTo(new BigDecimal(actual.getAsString())) == 0;
        }
        if (expected.isString() && actual.isString() && !expected.equals(actual)) {
            // A quantity may be written back in another form of the same amount (1024Mi as 1Gi).
            try {
                return new Quantity(expected.getAsString()).getNumber()
                        .compareTo(new Quantity(actual.getAsString()).getNumber()) == 0;
            }
            catch (RuntimeException notQuantities) {
                return false;
            }
        }
        return expected.equals(actual);
    }

    private static void checkCustom(RenderedObject object, String customKind) {
        JsonSchema schema = customSchema(customKind);
        JsonNode node = JACKSON.valueToTree(object.content());
        Set<ValidationMessage> problems = schema.validate(node);
        if (!problems.isEmpty()) {
            throw new AssertionError(object + " does not match the " + customKind + " schema:\n  " + problems.stream()
                    .map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("\n  ")));
        }
    }

    private static JsonSchema customSchema(String customKind) {
        String resource = "/crd-schemas/" + customKind.replace('/', '_') + ".json";
        try (InputStream in = KubernetesObjects.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no schema " + resource);
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Reads a Map built by a test into JSON, for tests of this checker itself. */
    static JsonElement toJson(Map<String, Object> content) {
        return GSON.toJsonTree(content);
    }
}
