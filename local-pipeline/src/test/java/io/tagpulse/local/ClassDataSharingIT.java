package io.tagpulse.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Class-data sharing on a real app (the processor, the smallest): its Spring Boot jar extracted, a training run that
 * writes the archive, and a start that maps it, so classes come from the archive rather than from the jars.
 */
@Timeout(300)
class ClassDataSharingIT {

    private static final List<String> JVM = List.of("-Xmx128m", "-XX:+UseSerialGC");

    @TempDir
    Path dir;

    @Test
    void shouldTrainAnArchiveThatTheNextStartMaps() throws Exception {
        Path home = Path.of(System.getProperty("tagpulse.local.home", "target"));
        // A copy: the extraction and archive go beside the jar, away from the launcher's own.
        Path jar = Files.copy(home.resolve("apps/processor-app.jar"), dir.resolve("processor-app.jar"));

        ClassDataSharing.Launch untrained = ClassDataSharing.prepare(jar, JVM);
        assertThat(untrained.jar()).isEqualTo(dir.resolve("cds/processor-app-" + ClassDataSharing.contentKey(jar)
                + "/processor-app.jar").toAbsolutePath());
        assertThat(untrained.jar().getParent().resolve("lib")).isDirectoryContaining("glob:**/spring-core-*.jar");
        assertThat(untrained.jvmOptions()).isEmpty();
        assertThat(untrained.needsTraining()).isTrue();

        assertThat(ClassDataSharing.train(untrained, JVM, Duration.ofMinutes(3))).isTrue();

        ClassDataSharing.Launch trained = ClassDataSharing.prepare(jar, JVM);
        assertThat(trained.needsTraining()).isFalse();
        assertThat(trained.jar()).isEqualTo(untrained.jar());
        assertThat(trained.jvmOptions()).contains("-XX:SharedArchiveFile=" + trained.archive());
        try (var left = Files.list(trained.jar().getParent())) {
            assertThat(left.map(path -> path.getFileName().toString()))
                .as("no half-written archive left").noneMatch(name -> name.endsWith(".part"));
        }

        // The app's own classes load from the archive ("top" is the dynamic archive on the JDK's base one).
        List<String> command = new ArrayList<>(List.of(ManagedProcess.javaExecutable()));
        command.addAll(JVM);
        command.addAll(trained.jvmOptions());
        command.addAll(List.of("-Xlog:class+load=info", "-Dspring.context.exit=onRefresh", "-jar",
                trained.jar().toString(), "--server.port=0"));
        Path log = dir.resolve("check.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the check run ends").isTrue();
        List<String> lines = readLines(log);
        assertThat(process.exitValue()).as(String.join("\n", lines.subList(Math.max(0, lines.size() - 20),
                lines.size()))).isZero();
        assertThat(lines).anyMatch(line -> line.contains("io.tagpulse.processor.")
                && line.contains("source: shared objects file (top)"));
        long fromArchive = lines.stream().filter(line -> line.contains("source: shared objects file")).count();
        long fromJars = lines.stream().filter(line -> line.contains("source: jar:file:")
                || line.contains("source: file:")).count();
        assertThat(fromArchive).as("classes from the archives against %d from jars", fromJars)
            .isGreaterThan(5 * fromJars);
    }

    private static List<String> readLines(Path log) throws IOException {
        return Files.readAllLines(log);
    }
}
