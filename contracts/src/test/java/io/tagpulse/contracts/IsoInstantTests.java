package io.tagpulse.contracts;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast ISO-8601 reader agrees with {@link Instant#parse} on every text it reads, reads every text of the simple
 * form, and leaves everything else (answers {@code null}) to the general reader.
 */
class IsoInstantTests {

    @Property(tries = 5000)
    void shouldAgreeWithTheJdkOnEveryTextItReads(@ForAll("timestamps") String text) {
        Instant fast = IsoInstant.parse(text);
        Instant reference = jdk(text);

        if (fast != null) {
            assertThat(fast).as(text).isEqualTo(reference);
            assertThat(OffsetDateTime.parse(text).toInstant()).as(text).isEqualTo(fast);
        }
        assertThat(fast != null).as(text).isEqualTo(isSimpleForm(text) && reference != null);
    }

    @Property(tries = 2000)
    void shouldReadEveryValidTimeOfTheSimpleForm(@ForAll("validTimestamps") String text) {
        assertThat(IsoInstant.parse(text)).as(text).isNotNull().isEqualTo(Instant.parse(text));
    }

    @Property(tries = 1000)
    void shouldNeverThrowOnArbitraryText(@ForAll("arbitraryText") String text) {
        Instant fast = IsoInstant.parse(text);

        if (fast != null) {
            assertThat(fast).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Example
    void shouldReadTheLeapDayOfALeapYearOnly() {
        assertThat(IsoInstant.parse("2024-02-29T12:00:00Z")).isEqualTo(Instant.parse("2024-02-29T12:00:00Z"));
        assertThat(IsoInstant.parse("2000-02-29T00:00:00Z")).isEqualTo(Instant.parse("2000-02-29T00:00:00Z"));
        assertThat(IsoInstant.parse("2023-02-29T12:00:00Z")).isNull();
        assertThat(IsoInstant.parse("1900-02-29T12:00:00Z")).isNull();
        assertThat(IsoInstant.parse("2023-04-31T12:00:00Z")).isNull();
    }

    @Example
    void shouldReadTheFirstAndLastFourDigitYears() {
        for (String text : new String[] { "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "0001-03-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z" }) {
            assertThat(IsoInstant.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Example
    void shouldReadFractionsOfOneToNineDigits() {
        StringBuilder fraction = new StringBuilder();
        for (int digits = 1; digits <= 9; digits++) {
            fraction.append(digits);
            String text = "2026-11-22T10:00:00." + fraction + "Z";
            assertThat(IsoInstant.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
        assertThat(IsoInstant.parse("2026-11-22T10:00:00.1234567891Z")).isNull();
        assertThat(IsoInstant.parse("2026-11-22T10:00:00.Z")).isNull();
    }

    @Example
    void shouldReadOffsetsUpToEighteenHours() {
        for (String offset : new String[] { "+14:00", "-12:00", "+05:30", "-00:00", "+00:00", "+18:00", "-18:00" }) {
            String text = "2026-11-22T10:00:00" + offset;
            assertThat(IsoInstant.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
        assertThat(IsoInstant.parse("2026-11-22T10:00:00+18:01")).isNull();
        assertThat(IsoInstant.parse("2026-11-22T10:00:00+05:60")).isNull();
    }

    @Example
    void shouldLeaveOtherFormsToTheGeneralReader() {
        for (String text : new String[] { "2026-11-22t10:00:00Z", "2026-11-22T10:00:00z", "2026-11-22T10:00:00",
                "2026-11-22T10:00Z", "2026-11-22T24:00:00Z", "2026-11-22T23:59:60Z", "2026-11-22T10:00:00+0200",
                "2026-11-22T10:00:00+02", "2026-11-22T10:00:00+02:00:00", " 2026-11-22T10:00:00Z",
                "2026-11-22T10:00:00Z ", "+2026-11-22T10:00:00Z", "20260-11-22T10:00:00Z", "2026-11-22 10:00:00Z",
                "2026-00-22T10:00:00Z", "2026-13-22T10:00:00Z", "2026-11-00T10:00:00Z", "2026-11-22T10:00:00.+1Z",
                "2026-11-22T10:00:00.1-", "", "1700000000", "١٩٧٠-01-01T00:00:00Z" }) {
            assertThat(IsoInstant.parse(text)).as(text).isNull();
        }
    }

    /** Valid and near-valid texts of the simple form and of its neighbours. */
    @Provide
    Arbitrary<String> timestamps() {
        return Arbitraries.randomValue(IsoInstantTests::timestamp);
    }

    @Provide
    Arbitrary<String> validTimestamps() {
        return Arbitraries.randomValue(IsoInstantTests::validTimestamp);
    }

    @Provide
    Arbitrary<String> arbitraryText() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789-+:.TZtz ").ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(30));
    }

    /** A text of the simple form with one part (or none) changed to an invalid or merely different form. */
    static String timestamp(Random random) {
        if (random.nextInt(10) == 0) {
            return validTimestamp(random);
        }
        int year = random.nextInt(5) == 0 ? random.nextInt(10_000) : 1900 + random.nextInt(300);
        String yearText = random.nextInt(30) == 0 ? String.valueOf(year) : pad(year, 4);
        String date = yearText + sep(random, '-') + pad(random.nextInt(15), 2) + sep(random, '-')
                + pad(random.nextInt(33), 2);
        String time = pad(random.nextInt(26), 2) + sep(random, ':') + pad(random.nextInt(62), 2)
                + sep(random, ':') + pad(random.nextInt(62), 2);
        String separator = switch (random.nextInt(20)) {
            case 0 -> "t";
            case 1 -> " ";
            default -> "T";
        };
        return date + separator + time + fraction(random, 0, 11) + offset(random, true);
    }

    /** A valid text of the simple form. */
    static String validTimestamp(Random random) {
        int year = random.nextInt(4) == 0 ? random.nextInt(10_000) : 1950 + random.nextInt(150);
        int month = 1 + random.nextInt(12);
        int day = 1 + random.nextInt(java.time.YearMonth.of(year, month).lengthOfMonth());
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(random.nextInt(24), 2) + ":"
                + pad(random.nextInt(60), 2) + ":" + pad(random.nextInt(60), 2) + fraction(random, 1, 9)
                + offset(random, false);
    }

    private static String fraction(Random random, int minDigits, int maxDigits) {
        if (random.nextInt(3) == 0) {
            return "";
        }
        int digits = minDigits + random.nextInt(maxDigits - minDigits + 1);
        StringBuilder fraction = new StringBuilder(".");
        for (int i = 0; i < digits; i++) {
            fraction.append((char) ('0' + random.nextInt(10)));
        }
        return fraction.toString();
    }

    private static String offset(Random random, boolean oddOnes) {
        int kind = random.nextInt(oddOnes ? 12 : 4);
        String sign = random.nextBoolean() ? "+" : "-";
        return switch (kind) {
            case 0, 1 -> "Z";
            case 2 -> sign + pad(random.nextInt(15), 2) + ":" + pad(random.nextInt(4) * 15, 2);
            case 3 -> sign + pad(random.nextInt(18), 2) + ":" + pad(random.nextInt(60), 2);
            case 4 -> sign + pad(random.nextInt(20), 2) + ":" + pad(random.nextInt(61), 2);
            case 5 -> "z";
            case 6 -> "";
            case 7 -> sign + pad(random.nextInt(19), 2) + pad(random.nextInt(60), 2);
            case 8 -> sign + pad(random.nextInt(19), 2);
            case 9 -> sign + pad(random.nextInt(19), 2) + ":00:" + pad(random.nextInt(60), 2);
            case 10 -> "Z ";
            default -> "[Europe/Paris]";
        };
    }

    private static char sep(Random random, char separator) {
        return random.nextInt(40) == 0 ? '/' : separator;
    }

    private static String pad(int value, int width) {
        String digits = String.valueOf(value);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }

    private static Instant jdk(String text) {
        try {
            return Instant.parse(text);
        }
        catch (DateTimeException ex) {
            return null;
        }
    }

    /** Whether the text has the form the fast reader reads (offsets up to 18:00), whatever its date's values. */
    private static boolean isSimpleForm(String text) {
        boolean form = text.matches(
                "\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?(Z|[+-]\\d{2}:[0-5]\\d)");
        boolean offsetBeyondEighteenHours = text.matches(".*[+-](1[89]|[2-9]\\d):\\d\\d")
                && !text.matches(".*[+-]18:00");
        return form && !offsetBeyondEighteenHours;
    }
}
