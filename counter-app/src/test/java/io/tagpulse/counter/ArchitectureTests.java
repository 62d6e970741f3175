package io.tagpulse.counter;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.tagpulse.architecture.AppLayering;
import io.tagpulse.counter.window.CloseTime;
import io.tagpulse.counter.window.TimedMention;
import io.tagpulse.counter.window.WindowInput;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layering of the counter app ({@link AppLayering}), checked by the build, and the shape of its stages: the
 * topology that wires them, the settings and the topics' serdes in {@code io.tagpulse.counter}; below it the stages,
 * {@code window} (clock, counting per window size, late rule, emission) and {@code trend}, on {@code support}. The
 * counting knows nothing of the trend, which reads nothing of the counting but the closed windows, so the trend can
 * be rewritten without touching the counting. Kafka is only in the adapters (processors, topologies, serdes,
 * {@code support}): the rules are plain classes.
 */
@AnalyzeClasses(packages = "io.tagpulse", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule layering = AppLayering.of("counter", AppLayering.SPRING);

    @ArchTest
    static final ArchRule countingKnowsNothingOfTheTrend = noClasses().that()
        .resideInAPackage("io.tagpulse.counter.window..")
        .should().dependOnClassesThat().resideInAPackage("io.tagpulse.counter.trend..");

    @ArchTest
    static final ArchRule trendReadsOnlyTheClockOfTheCounting = noClasses().that()
        .resideInAPackage("io.tagpulse.counter.trend..")
        .should().dependOnClassesThat(resideInAPackage("io.tagpulse.counter.window..")
            .and(not(type(WindowInput.class)))
            .and(not(type(TimedMention.class)))
            .and(not(type(CloseTime.class))));

    @ArchTest
    static final ArchRule stagesDoNotKnowHowTheyAreWired = noClasses().that()
        .resideInAnyPackage("io.tagpulse.counter.window..", "io.tagpulse.counter.trend..",
                "io.tagpulse.counter.support..")
        .should().dependOnClassesThat().resideInAPackage("io.tagpulse.counter");

    @ArchTest
    static final ArchRule kafkaOnlyInTheAdapters = noClasses().that().resideInAPackage("io.tagpulse.counter..")
        .and().resideOutsideOfPackages("io.tagpulse.counter.app..", "io.tagpulse.counter.support..")
        .and().haveNameNotMatching(".*(Processor|Topology|Serde)(\\$.*)?")
        .should().dependOnClassesThat().resideInAPackage(AppLayering.KAFKA);
}
