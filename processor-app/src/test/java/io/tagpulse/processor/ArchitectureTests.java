package io.tagpulse.processor;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.tagpulse.architecture.AppLayering;

/** The layering of the processor app ({@link AppLayering}), checked by the build. */
@AnalyzeClasses(packages = "io.tagpulse", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule layering = AppLayering.of("processor", AppLayering.SPRING, AppLayering.KAFKA);
}
