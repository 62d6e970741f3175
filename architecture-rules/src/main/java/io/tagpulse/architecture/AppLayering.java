package io.tagpulse.architecture;

import java.util.ArrayList;
import java.util.List;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering every Tagpulse app keeps, as one rule an app applies to itself: its logic lives in
 * {@code io.tagpulse.<app>} and its Spring wiring in {@code io.tagpulse.<app>.app}; the logic never reaches into the
 * wiring and stays free of the frameworks the app names; no app uses another (apps share only contracts and the
 * support modules); and no package cycle anywhere in {@code io.tagpulse}.
 */
public final class AppLayering {

    /** Every deployable app, by the name of its package under {@code io.tagpulse}. */
    public static final List<String> APPS = List.of("source", "filter", "processor", "counter", "sink", "dashboard");

    /** Spring's packages. */
    public static final String SPRING = "org.springframework..";

    /** Kafka's packages (clients and Streams). */
    public static final String KAFKA = "org.apache.kafka..";

    private AppLayering() {
    }

    /**
     * @param app the app's package name under {@code io.tagpulse}, one of {@link #APPS}
     * @param logicFreeOf packages the app's logic (everything outside its {@code .app} package) must not use
     * @return the app's layering as one rule, for a test that imports {@code io.tagpulse} without tests
     */
    public static ArchRule of(String app, String... logicFreeOf) {
        if (!APPS.contains(app)) {
            throw new IllegalArgumentException("unknown app '" + app + "'; the apps are " + APPS);
        }
        String logic = "io.tagpulse." + app + "..";
        String wiring = "io.tagpulse." + app + ".app..";
        List<ArchRule> rules = new ArrayList<>();
        rules.add(noClasses().that().resideOutsideOfPackage(wiring)
            .should().dependOnClassesThat().resideInAPackage(wiring)
            .as("nothing outside " + wiring + " reaches into the wiring"));
        rules.add(noClasses().should().dependOnClassesThat().resideInAnyPackage(APPS.stream()
            .filter(other -> !other.equals(app)).map(other -> "io.tagpulse." + other + "..").toArray(String[]::new))
            .as("the " + app + " app uses no other app"));
        rules.add(slices().matching("io.tagpulse.(**)").should().beFreeOfCycles()
            .as("no package cycle in io.tagpulse"));
        for (String framework : logicFreeOf) {
            rules.add(noClasses().that().resideInAPackage(logic).and().resideOutsideOfPackage(wiring)
                .should().dependOnClassesThat().resideInAnyPackage(framework)
                .as("the " + app + " app's logic uses no " + framework));
        }
        CompositeArchRule composite = CompositeArchRule.of(rules.get(0));
        for (ArchRule rule : rules.subList(1, rules.size())) {
            composite = composite.and(rule);
        }
        return composite;
    }
}
