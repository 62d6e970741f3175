package io.tagpulse.source.connector;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How long a 429 answer asks to wait: {@code Retry-After} in seconds or as an HTTP date, else a reset time in epoch
 * seconds ({@code x-rate-limit-reset}, X) or ISO-8601 ({@code X-RateLimit-Reset}, Mastodon).
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** @return the wait the headers ask for, never negative; empty when they ask for none */
    public static Optional<Duration> of(Map<String, List<String>> headers, Instant now) {
        Optional<String> retryAfter = header(headers, "retry-after");
        if (retryAfter.isPresent()) {
            String value = retryAfter.get().strip();
            try {
                if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                    return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
                }
                return Optional.of(nonNegative(Duration.between(now,
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())));
            }
            catch (DateTimeParseException | ArithmeticException | NumberFormatException ignored) {
                // fall through to the reset headers
            }
        }
        Optional<String> reset = header(headers, "x-rate-limit-reset").or(() -> header(headers, "x-ratelimit-reset"));
        if (reset.isPresent()) {
            String value = reset.get().strip();
            try {
                Instant at = !value.isEmpty() && value.chars().allMatch(Character::isDigit)
                        ? Instant.ofEpochSecond(Long.parseLong(value)) : OffsetDateTime.parse(value).toInstant();
                return Optional.of(nonNegative(Duration.between(now, at)));
            }
            catch (DateTimeParseException | ArithmeticException | NumberFormatException ex) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
            .filter(entry -> entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty())
            .map(entry -> entry.getValue().get(0))
            .findFirst();
    }
}
