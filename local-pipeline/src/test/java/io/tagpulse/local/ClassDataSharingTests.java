package io.tagpulse.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the launcher reuses an app's extraction and archive: the key follows the jar's content, not its file times,
 * and class-data sharing can be turned off. The extraction and a training run on a real app are
 * {@link ClassDataSharingIT}'s.
 */
@Timeout(30)
class ClassDataSharingTests {

    @TempDir
    Path dir;

    @AfterEach
    void restoreSwitch() {
        System.clearProperty(ClassDataSharing.SWITCH);
    }

    private Path jar(String name, Map<String, String> entries, long time) throws IOException {
        Path jar = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                zipEntry.setLastModifiedTime(FileTime.fromMillis(time));
                zip.putNextEntry(zipEntry);
                OutputStream out = zip;
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        Files.setLastModifiedTime(jar, FileTime.fromMillis(time));
        return jar;
    }

    @Test
    void shouldKeepTheKeyOfAJarRebuiltWithTheSameContent() throws IOException {
        Map<String, String> entries = Map.of("BOOT-INF/classes/A.class", "a", "BOOT-INF/lib/x.jar", "x");
        Path first = jar("first.jar", entries, 1_000_000L);
        Path rebuilt = jar("rebuilt.jar", entries, 2_000_000_000L);

        assertThat(ClassDataSharing.contentKey(rebuilt)).isEqualTo(ClassDataSharing.contentKey(first)).hasSize(16);
    }

    @Test
    void shouldChangeTheKeyWhenAnEntryChanges() throws IOException {
        Path before = jar("before.jar", Map.of("BOOT-INF/classes/A.class", "a", "BOOT-INF/lib/x.jar", "x"), 1_000L);
        Path changed = jar("changed.jar", Map.of("BOOT-INF/classes/A.class", "b", "BOOT-INF/lib/x.jar", "x"), 1_000L);
        Path added = jar("added.jar", Map.of("BOOT-INF/classes/A.class", "a", "BOOT-INF/lib/x.jar", "x",
                "BOOT-INF/lib/y.jar", "y"), 1_000L);

        assertThat(ClassDataSharing.contentKey(changed)).isNotEqualTo(ClassDataSharing.contentKey(before));
        assertThat(ClassDataSharing.contentKey(added)).isNotEqualTo(ClassDataSharing.contentKey(before));
    }

    @Test
    void shouldRunTheSpringBootJarWhenSharingIsOff() throws IOException {
        Path jar = jar("app.jar", Map.of("BOOT-INF/classes/A.class", "a"), 1_000L);

        System.setProperty(ClassDataSharing.SWITCH, "false");
        assertThat(ClassDataSharing.prepare(jar, List.of("-Xmx128m"))).isEqualTo(ClassDataSharing.Launch.plain(jar));
        System.clearProperty(ClassDataSharing.SWITCH);
        assertThat(ClassDataSharing.prepare(jar, List.of("-Xshare:off"))).isEqualTo(ClassDataSharing.Launch.plain(jar));
        assertThat(dir.resolve("cds")).doesNotExist();
    }

    @Test
    void shouldFallBackToTheJarWhenItCannotBeExtracted() throws IOException {
        // A zip that is no Spring Boot jar: the tools jar mode is not there, so the extraction fails.
        Path jar = jar("not-boot.jar", Map.of("A.class", "a"), 1_000L);

        ClassDataSharing.Launch launch = ClassDataSharing.prepare(jar, List.of());

        assertThat(launch).isEqualTo(ClassDataSharing.Launch.plain(jar));
        assertThat(launch.needsTraining()).isFalse();
    }
}
