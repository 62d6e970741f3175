package io.tagpulse.counter;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the counter app, checked by the build: the logic in {@code io.tagpulse.counter}, the wiring in
 * {@code io.tagpulse.counter.app}; the logic never reaches into the wiring, no other stage is used (the apps share only
 * contracts and the support modules), and no package cycle.
 */
@AnalyzeClasses(packages = "io.tagpulse", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule logicDoesNotReachIntoTheWiring = noClasses().that()
        .resideOutsideOfPackage("io.tagpulse.counter.app..")
        .should().dependOnClassesThat().resideInAPackage("io.tagpulse.counter.app..");

    @ArchTest
    static final ArchRule noOtherStage = noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("io.tagpulse.source..", "io.tagpulse.filter..", "io.tagpulse.processor..", "io.tagpulse.sink..",
                "io.tagpulse.dashboard..");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.tagpulse.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule logicFreeOfSpring = noClasses().that().resideInAPackage("io.tagpulse.counter..")
        .and().resideOutsideOfPackage("io.tagpulse.counter.app..")
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..");
}
