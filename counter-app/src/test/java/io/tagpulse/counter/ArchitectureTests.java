package io.tagpulse.counter;

import com.tngtech.archunit.core.importer.ImportOption;
import io.tagpulse.counter.window.ClosedWindow;
import io.tagpulse.counter.window.WindowTally;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the counter app, checked by the build: the logic in {@code io.tagpulse.counter} (the topology that
 * wires the stages, the settings, the topics' serdes) and below it the stages, {@code window} (clock, counting per
 * window size, late rule, emission) and {@code trend}, on {@code support}; the wiring in
 * {@code io.tagpulse.counter.app}.
 * The logic never reaches into the wiring, no other stage is used (the apps share only contracts and the support
 * modules), and no package cycle. The counting knows nothing of the trend, which reads nothing of the counting but
 * the closed windows, so the trend can be rewritten without touching the counting. Kafka is only in the adapters
 * (processors, topologies, serdes, {@code support}): the rules are plain classes.
 */
@AnalyzeClasses(packages = "io.tagpulse", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule logicDoesNotReachIntoTheWiring = noClasses().that()
        .resideOutsideOfPackage("io.tagpulse.counter.app..")
        .should().dependOnClassesThat().resideInAPackage("io.tagpulse.counter.app..");

    @ArchTest
    static final ArchRule noOtherStage = noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("io.tagpulse.source..", "io.tagpulse.filter..", "io.tagpulse.processor..", "io.tagpulse.sink..");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.tagpulse.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule logicFreeOfSpring = noClasses().that().resideInAPackage("io.tagpulse.counter..")
        .and().resideOutsideOfPackage("io.tagpulse.counter.app..")
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..");

    @ArchTest
    static final ArchRule countingKnowsNothingOfTheTrend = noClasses().that()
        .resideInAPackage("io.tagpulse.counter.window..")
        .should().dependOnClassesThat().resideInAPackage("io.tagpulse.counter.trend..");

    @ArchTest
    static final ArchRule trendReadsOnlyTheClosedWindowsOfTheCounting = noClasses().that()
        .resideInAPackage("io.tagpulse.counter.trend..")
        .should().dependOnClassesThat(resideInAPackage("io.tagpulse.counter.window..")
            .and(not(type(ClosedWindow.class)))
            .and(not(type(WindowTally.class))));

    @ArchTest
    static final ArchRule stagesDoNotKnowHowTheyAreWired = noClasses().that()
        .resideInAnyPackage("io.tagpulse.counter.window..", "io.tagpulse.counter.trend..",
                "io.tagpulse.counter.support..")
        .should().dependOnClassesThat().resideInAPackage("io.tagpulse.counter");

    @ArchTest
    static final ArchRule kafkaOnlyInTheAdapters = noClasses().that().resideInAPackage("io.tagpulse.counter..")
        .and().resideOutsideOfPackages("io.tagpulse.counter.app..", "io.tagpulse.counter.support..")
        .and().haveNameNotMatching(".*(Processor|Topology|Serde)(\\$.*)?")
        .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..");
}
