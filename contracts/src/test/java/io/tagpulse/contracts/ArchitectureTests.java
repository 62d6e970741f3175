package io.tagpulse.contracts;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The ground every app stands on stays plain: no Spring, no app's package, and Kafka only where a rejected record's
 * headers are marked ({@link RejectedRecords}).
 */
@AnalyzeClasses(packages = "io.tagpulse.contracts", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule freeOfSpring = noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("org.springframework..");

    @ArchTest
    static final ArchRule noApp = noClasses().should().dependOnClassesThat()
        .resideInAnyPackage("io.tagpulse.source..", "io.tagpulse.filter..", "io.tagpulse.processor..",
                "io.tagpulse.counter..", "io.tagpulse.sink..", "io.tagpulse.dashboard..");

    @ArchTest
    static final ArchRule kafkaOnlyForRejectedRecords = noClasses().that().doNotHaveFullyQualifiedName(
            RejectedRecords.class.getName())
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..");
}
