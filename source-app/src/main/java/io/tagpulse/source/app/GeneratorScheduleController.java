package io.tagpulse.source.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.tagpulse.source.generator.Surge;
import io.tagpulse.source.generator.SurgeSchedule;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /generator/schedule?from=&to=} in generator mode: the seed, the start and the planned events that are on
 * at some time in [from, to) (by default from the start to an hour from now; at most a day), so a test or a
 * benchmark can compare the trends it sees with what was planted.
 */
@RestController
@ConditionalOnProperty(name = "tagpulse.source.mode", havingValue = "generator")
class GeneratorScheduleController {

    /** The longest range one answer covers. */
    static final Duration MAX_RANGE = Duration.ofDays(1);

    private final SurgeSchedule schedule;

    private final Clock clock = Clock.systemUTC();

    GeneratorScheduleController(SurgeSchedule generatorSchedule) {
        this.schedule = generatorSchedule;
    }

    /** One planned event; {@code scope} as {@code global}, {@code language:ja} or {@code platform:x}. */
    record Event(String kind, String tag, String scope, Instant start, Instant peak, Instant end, double peakShare,
            boolean shouldTrend, List<String> companions, String author) {

        static Event of(Surge surge) {
            return new Event(surge.kind().name(), surge.tag(), surge.scope().toString(), surge.start(), surge.peak(),
                    surge.end(), surge.peakShare(), surge.shouldTrend(), surge.companions(), surge.author());
        }
    }

    /** The answer: how to compute the plan again, the range asked for, the events in it by start. */
    record Answer(long seed, Instant start, Instant from, Instant to, List<Event> events) {
    }

    @GetMapping(path = "/generator/schedule", produces = "application/json")
    Answer schedule(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Instant since = from == null ? schedule.start() : instant("from", from);
        Instant until = to == null ? clock.instant().plus(Duration.ofHours(1)) : instant("to", to);
        if (!since.isBefore(until) || Duration.between(since, until).compareTo(MAX_RANGE) > 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "from must be before to, at most a day apart");
        }
        return new Answer(schedule.seed(), schedule.start(), since, until,
                schedule.between(since, until).stream().map(Event::of).toList());
    }

    private static Instant instant(String name, String text) {
        try {
            return Instant.parse(text);
        }
        catch (DateTimeParseException ex) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, name + " must be an ISO-8601 instant");
        }
    }
}
