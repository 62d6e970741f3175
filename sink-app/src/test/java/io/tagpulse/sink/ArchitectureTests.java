package io.tagpulse.sink;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the sink app, checked by the build: the logic in {@code io.tagpulse.sink}, the wiring in
 * {@code io.tagpulse.sink.app}; the logic never reaches into the wiring, no other stage is used (the apps share only
 * contracts and the support modules), and no package cycle.
 */
@AnalyzeClasses(packages = "io.tagpulse", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule logicDoesNotReachIntoTheWiring = noClasses().that()
        .resideOutsideOfPackage("io.tagpulse.sink.app..")
        .should().dependOnClassesThat().resideInAPackage("io.tagpulse.sink.app..");

    @ArchTest
    static final ArchRule noOtherStage = noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("io.tagpulse.source..", "io.tagpulse.filter..", "io.tagpulse.processor..", "io.tagpulse.counter..",
                "io.tagpulse.dashboard..");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.tagpulse.(**)").should().beFreeOfCycles();
}
