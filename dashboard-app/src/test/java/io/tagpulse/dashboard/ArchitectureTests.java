package io.tagpulse.dashboard;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.tagpulse.architecture.AppLayering;

/**
 * The layering of the dashboard app ({@link AppLayering}), checked by the build: it shares only the contracts and the
 * support modules with the sink (and the database's tables), never the sink's classes.
 */
@AnalyzeClasses(packages = "io.tagpulse", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule layering = AppLayering.of("dashboard");
}
