package io.tagpulse.architecture;

import java.util.concurrent.TimeUnit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The rule finds what it is for: the deliberately broken classes of {@code io.tagpulse.filter} in this module. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AppLayeringTests {

    private static final JavaClasses BROKEN = new ClassFileImporter().importPackages("io.tagpulse.filter");

    @Test
    void logicReachingIntoTheWiringOrAForbiddenFrameworkIsAViolation() {
        EvaluationResult result = AppLayering.of("filter", AppLayering.KAFKA).evaluate(BROKEN);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
            .anySatisfy(line -> assertThat(line).contains("LogicUsingTheWiring").contains("Wiring.port"))
            .anySatisfy(line -> assertThat(line).contains("org.apache.kafka"));
    }

    @Test
    void anotherAppsPackagesAreForbiddenToo() {
        EvaluationResult result = AppLayering.of("counter").evaluate(BROKEN);

        assertThat(result.getFailureReport().getDetails())
            .anySatisfy(line -> assertThat(line).contains("io.tagpulse.filter"));
    }

    @Test
    void anUnknownAppIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> AppLayering.of("sinc"))
            .withMessageContaining("unknown app 'sinc'");
    }
}
