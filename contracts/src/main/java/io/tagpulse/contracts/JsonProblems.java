package io.tagpulse.contracts;

import java.time.Instant;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Says why Jackson could not read a record in the record's own terms: JSON kinds (an object, an array, a string, a
 * number) and the field, never a Java type, a parser token or a Jackson setting. The reason reaches HTTP clients and
 * dead letters, whose readers know JSON, not our classes.
 */
final class JsonProblems {

    private static final int MAX_ECHOED_CHARS = 40;

    /** A Java type or a Jackson constant in backquotes, as Jackson quotes them: {@code `java.lang.String`}. */
    private static final Pattern QUOTED_NAME = Pattern.compile("`([\\w.$<>, \\[\\]]+)`");

    private static final Pattern OUT_OF_RANGE = Pattern.compile(
            "\\(([^)]*)\\) out of range(?: of `[^`]*` \\((-?\\d+) - (-?\\d+)\\))?");

    private JsonProblems() {
    }

    /** @return what is wrong with the input, without the field (the caller adds it) and without the input */
    static String describe(JacksonException ex) {
        if (ex instanceof InputCoercionException coercion) {
            return outOfRange(coercion);
        }
        if (ex instanceof ValueInstantiationException && ex.getCause() != null && ex.getCause().getMessage() != null) {
            return sanitized(ex.getCause().getMessage());
        }
        if (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            String original = String.valueOf(ex.getOriginalMessage());
            if (original.startsWith("Trailing token")) {
                return "more JSON after the end of the record (one record is one JSON object)";
            }
            if (original.startsWith("No content to map")) {
                return "no JSON value in the input";
            }
            String got = mismatch instanceof InvalidFormatException invalid && invalid.getValue() != null
                    ? "the string " + quoted(String.valueOf(invalid.getValue()))
                    : kindOf(tokenOf(mismatch));
            return "expected " + kindOf(mismatch.getTargetType()) + ", got " + got;
        }
        return sanitized(String.valueOf(ex.getOriginalMessage()));
    }

    /** The JSON a field of this Java type holds. */
    static String kindOf(Class<?> type) {
        if (type == null) {
            return "another JSON value";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == Instant.class) {
            return "an ISO-8601 instant string such as \"2026-11-22T10:00:00Z\"";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == byte.class || type == Byte.class) {
            return "a whole number";
        }
        if (type.isPrimitive() && type != boolean.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "a JSON object";
    }

    /** The kind of JSON a token starts. */
    static String kindOf(JsonToken token) {
        if (token == null) {
            return "the end of the input";
        }
        return switch (token) {
            case START_ARRAY, END_ARRAY -> "an array";
            case START_OBJECT, END_OBJECT, PROPERTY_NAME -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "another JSON value";
        };
    }

    private static JsonToken tokenOf(MismatchedInputException ex) {
        if (ex.getCurrentToken() != null) {
            return ex.getCurrentToken();
        }
        return ex.processor() instanceof JsonParser parser ? parser.currentToken() : null;
    }

    /** Jackson says "Numeric value (99999999999999) out of range of `int` (-2147483648 - 2147483647)". */
    private static String outOfRange(InputCoercionException ex) {
        Matcher numbers = OUT_OF_RANGE.matcher(String.valueOf(ex.getOriginalMessage()));
        String expected = kindOf(ex.getTargetType());
        if (!numbers.find()) {
            return "expected " + expected + ", got a number out of its range";
        }
        String range = numbers.group(2) == null ? "" : " from " + numbers.group(2) + " to " + numbers.group(3);
        return "expected " + expected + range + ", got " + abbreviated(numbers.group(1));
    }

    /**
     * A parser's message (broken JSON) is about the text and fine as it is, except where it names a token constant, a
     * Java type or the Jackson setting that would allow the input.
     */
    static String sanitized(String message) {
        String text = message
            .replaceAll("\\s*\\(not recognized as one since Feature '[^']*' not enabled for parser\\)", "")
            .replaceAll(":?\\s*enable `[^`]*` to allow", "")
            .replaceAll(":?\\s*not allowed as per `[^`]*`", "")
            .replaceAll("\\s*\\(although at least one Creator exists\\)", "");
        Matcher quoted = QUOTED_NAME.matcher(text);
        StringBuilder out = new StringBuilder();
        while (quoted.find()) {
            quoted.appendReplacement(out, Matcher.quoteReplacement(plainName(quoted.group(1))));
        }
        quoted.appendTail(out);
        return out.toString();
    }

    private static String plainName(String name) {
        if (name.startsWith("JsonToken.")) {
            try {
                return kindOf(JsonToken.valueOf(name.substring("JsonToken.".length())));
            }
            catch (IllegalArgumentException unknown) {
                return "a JSON value";
            }
        }
        String simple = name.replaceAll("<.*", "");
        simple = simple.substring(simple.lastIndexOf('.') + 1);
        return switch (simple) {
            case "String", "char", "Character" -> "a string";
            case "int", "Integer", "long", "Long", "short", "Short", "byte", "Byte" -> "a whole number";
            case "double", "Double", "float", "Float", "BigDecimal", "BigInteger" -> "a number";
            case "boolean", "Boolean" -> "true or false";
            case "Instant" -> "an ISO-8601 instant";
            case "List", "ArrayList", "Collection", "Set" -> "an array";
            default -> name.contains(".") || name.contains("Feature") ? "the record" : name;
        };
    }

    private static String quoted(String value) {
        return "\"" + abbreviated(value) + "\"";
    }

    private static String abbreviated(String value) {
        return value.length() > MAX_ECHOED_CHARS ? value.substring(0, MAX_ECHOED_CHARS) + "…" : value;
    }
}
