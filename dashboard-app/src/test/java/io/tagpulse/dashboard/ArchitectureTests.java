package io.tagpulse.dashboard;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the dashboard app, checked by the build: the logic in {@code io.tagpulse.dashboard}, the wiring in
 * {@code io.tagpulse.dashboard.app}; the logic never reaches into the wiring, no other app is used (the dashboard
 * shares only the contracts and the support modules with the sink, and the database's tables), and no package cycle.
 */
@AnalyzeClasses(packages = "io.tagpulse", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule logicDoesNotReachIntoTheWiring = noClasses().that()
        .resideOutsideOfPackage("io.tagpulse.dashboard.app..")
        .should().dependOnClassesThat().resideInAPackage("io.tagpulse.dashboard.app..");

    @ArchTest
    static final ArchRule noOtherApp = noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("io.tagpulse.source..", "io.tagpulse.filter..", "io.tagpulse.processor..",
                "io.tagpulse.counter..", "io.tagpulse.sink..");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.tagpulse.(**)").should().beFreeOfCycles();
}
