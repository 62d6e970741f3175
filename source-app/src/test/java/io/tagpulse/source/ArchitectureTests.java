package io.tagpulse.source;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.Slice;
import io.tagpulse.architecture.AppLayering;
import io.tagpulse.contracts.TagpulseJson;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the source app, checked by the build: every app's ({@link AppLayering}: logic outside
 * {@code .app}, free of Spring and Kafka, no other app, no package cycle), and inside the logic: the contract and
 * what every source shares in {@code io.tagpulse.source}, the one runtime of the live sources in {@code .connector},
 * each source in a package of its own ({@code .http}, {@code .replay}, {@code .generator}, {@code .jetstream},
 * {@code .mastodon}, {@code .x}). The sources do not use each other, neither the contract nor the runtime knows any
 * source, the live sources leave the wire to the runtime (but for their REST calls besides the stream: X's rule sync,
 * Mastodon's backfill, which hand a 429 or a failure back to it), and a Tagpulse post's JSON is read in one place.
 */
@AnalyzeClasses(packages = "io.tagpulse", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    private static final Set<String> SOURCES = Set.of("http", "replay", "generator", "jetstream", "mastodon", "x");

    private static final String[] SOURCE_PACKAGES = SOURCES.stream().map(name -> "io.tagpulse.source." + name + "..")
        .toArray(String[]::new);

    @ArchTest
    static final ArchRule layering = AppLayering.of("source", AppLayering.SPRING, AppLayering.KAFKA);

    @ArchTest
    static final ArchRule sourcesDoNotUseEachOther = slices().matching("io.tagpulse.source.(*)..")
        .that(DescribedPredicate.describe("are sources", (Slice slice) -> SOURCES.contains(slice.getNamePart(1))))
        .should().notDependOnEachOther();

    @ArchTest
    static final ArchRule contractAndRuntimeKnowNoSource = noClasses().that()
        .resideInAnyPackage("io.tagpulse.source", "io.tagpulse.source.connector")
        .should().dependOnClassesThat().resideInAnyPackage(SOURCE_PACKAGES);

    @ArchTest
    static final ArchRule liveSourcesLeaveTheWireToTheRuntime = noClasses().that()
        .resideInAnyPackage("io.tagpulse.source.jetstream..", "io.tagpulse.source.mastodon..", "io.tagpulse.source.x..")
        .and().doNotHaveSimpleName("XStreamRules")
        .and().doNotHaveSimpleName("TimelineBackfill")
        .should().dependOnClassesThat().resideInAnyPackage("java.net.http..")
        .because("connecting, reconnecting, timeouts and rate limits are the connector runtime's, the same for all");

    @ArchTest
    static final ArchRule onePlaceReadsAPostsJson = noClasses().that()
        .doNotHaveFullyQualifiedName(PostJson.class.getName())
        .should().callMethod(TagpulseJson.class, "readPost", byte[].class)
        .because("PostJson is the one way this app reads a post written in Tagpulse's JSON");
}
