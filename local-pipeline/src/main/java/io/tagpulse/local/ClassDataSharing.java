package io.tagpulse.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Class-data sharing for the apps, so that six JVMs starting at once on two cores spend less CPU loading and linking
 * classes. Spring Boot's executable jar cannot be archived (its classes load from nested jars), so each app's jar is
 * extracted once ({@code java -Djarmode=tools -jar app.jar extract}) into {@code cds/<app>-<content key>/} beside it,
 * and the app runs from there. Its archive is made by a training run of the extracted app that stops once its context
 * is refreshed ({@code -Dspring.context.exit=onRefresh}: every bean created, nothing started, no broker or port
 * touched) and writes the classes it loaded ({@code -XX:ArchiveClassesAtExit}); every later start maps it
 * ({@code -XX:SharedArchiveFile}). The launcher trains the apps that lack an archive one at a time at the lowest
 * priority once the pipeline is up, so the first run after a build is not slowed and the next one starts faster.
 * <p>
 * The content key comes from the jar's entries (names, CRCs, sizes), not its file time, so a rebuild that changes
 * nothing keeps the archive; the archive's name carries the JVM's version, which must match. The launcher's system
 * property {@value #SWITCH}{@code =false} ({@code ./run-local.sh --no-cds}) or {@code -Xshare:off} among the apps' JVM
 * options turns all of this off. Each step that fails falls back to the plain jar or to no archive: class-data
 * sharing only ever makes a start faster.
 */
final class ClassDataSharing {

    /** The launcher's system property that turns class-data sharing off when {@code false}. */
    static final String SWITCH = "tagpulse.local.cds";

    /** Quiet: the archive's notes (classes it cannot hold, such as pre-Java-6 ones) are no app's business. */
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private static final Path NICE = Path.of("/usr/bin/nice");

    /**
     * How an app is started.
     *
     * @param jar the jar to run: the extracted one, or the Spring Boot jar when sharing is off
     * @param jvmOptions the JVM options class-data sharing adds (none without an archive)
     * @param archive where the app's archive is or will be; null when sharing is off
     */
    record Launch(Path jar, List<String> jvmOptions, Path archive) {

        /** @return the plain jar, no class-data sharing */
        static Launch plain(Path jar) {
            return new Launch(jar, List.of(), null);
        }

        /** @return whether a training run would give this app an archive it does not have yet */
        boolean needsTraining() {
            return archive != null && !Files.isRegularFile(archive);
        }
    }

    private ClassDataSharing() {
    }

    /**
     * @param bootJar the app's Spring Boot jar
     * @param jvmOptions the app's other JVM options
     * @return how to start the app; the plain jar when sharing is off or the extraction failed
     */
    static Launch prepare(Path bootJar, List<String> jvmOptions) {
        if (jvmOptions.contains("-Xshare:off") || !Boolean.parseBoolean(System.getProperty(SWITCH, "true"))
                || !Files.isRegularFile(bootJar)) {
            return Launch.plain(bootJar);
        }
        String app = bootJar.getFileName().toString().replaceFirst("\\.jar$", "");
        Path root = bootJar.toAbsolutePath().getParent().resolve("cds");
        try {
            Path extracted = root.resolve(app + "-" + contentKey(bootJar));
            if (!Files.isDirectory(extracted)) {
                extract(bootJar, root, app, extracted);
            }
            Path jar = extracted.resolve(bootJar.getFileName());
            Path archive = extracted.resolve(app + "-java-" + System.getProperty("java.vm.version")
                .replaceAll("[^A-Za-z0-9.+-]", "_") + ".jsa");
            if (!Files.isRegularFile(archive)) {
                return new Launch(jar, List.of(), archive);
            }
            List<String> options = new ArrayList<>(QUIET);
            options.add("-XX:SharedArchiveFile=" + archive);
            return new Launch(jar, List.copyOf(options), archive);
        }
        catch (IOException | UncheckedIOException | InterruptedException ex) {
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            System.err.println("Class-data sharing for " + app + " is off for this start: " + ex);
            return Launch.plain(bootJar);
        }
    }

    /**
     * Writes the app's archive with a training run (at the lowest CPU priority where {@code nice} exists), in a
     * scratch directory of its own, and keeps it only when the run ended well.
     *
     * @param launch the app's launch, {@link Launch#needsTraining() needing training}
     * @param jvmOptions the app's JVM options (heap and collector, as it runs)
     * @param timeout how long the run may take
     * @return whether the archive is there now
     */
    static boolean train(Launch launch, List<String> jvmOptions, Duration timeout)
            throws IOException, InterruptedException {
        if (!launch.needsTraining()) {
            return launch.archive() != null;
        }
        Path extracted = launch.jar().getParent();
        Path scratch = Files.createTempDirectory(extracted.getParent(), "training-");
        Path pending = extracted.resolve(launch.archive().getFileName() + "." + UUID.randomUUID() + ".part");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(NICE)) {
            command.addAll(List.of(NICE.toString(), "-n", "19"));
        }
        command.add(ManagedProcess.javaExecutable());
        command.addAll(jvmOptions);
        command.addAll(QUIET);
        command.addAll(List.of("-XX:ArchiveClassesAtExit=" + pending, "-Dspring.context.exit=onRefresh", "-jar",
                launch.jar().toString(), "--server.port=0"));
        Process process = new ProcessBuilder(command).directory(scratch.toFile())
            .redirectErrorStream(true)
            .redirectOutput(scratch.resolve("training.log").toFile())
            .start();
        try {
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (ended && process.exitValue() == 0 && Files.isRegularFile(pending) && Files.size(pending) > 0) {
                try {
                    Files.move(pending, launch.archive(), StandardCopyOption.ATOMIC_MOVE);
                }
                catch (FileAlreadyExistsException another) {
                    // Another launcher's training came first.
                }
            }
            return Files.isRegularFile(launch.archive());
        }
        finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(pending);
            deleteTree(scratch);
        }
    }

    /**
     * @return a key that changes when any entry of the jar changes (its name, CRC or size), read from the jar's
     * directory without inflating anything
     */
    static String contentKey(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            zip.stream().sorted(Comparator.comparing(ZipEntry::getName)).forEach(entry -> {
                digest.update(entry.getName().getBytes(StandardCharsets.UTF_8));
                digest.update(HexFormat.of().toHexDigits(entry.getCrc()).getBytes(StandardCharsets.US_ASCII));
                digest.update(HexFormat.of().toHexDigits(entry.getSize()).getBytes(StandardCharsets.US_ASCII));
            });
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Extracts into a fresh directory, moved into place whole; earlier extractions of the app are removed. */
    private static void extract(Path bootJar, Path root, String app, Path extracted)
            throws IOException, InterruptedException {
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, app + "-extracting-");
        Path log = staging.resolve("extract.log");
        Process process = new ProcessBuilder(ManagedProcess.javaExecutable(), "-Djarmode=tools", "-jar",
                bootJar.toAbsolutePath().toString(), "extract", "--destination", staging.resolve("app").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            String output = Files.exists(log) ? Files.readString(log).strip() : "";
            deleteTree(staging);
            throw new IOException("extracting " + bootJar + " failed: " + output);
        }
        try {
            Files.move(staging.resolve("app"), extracted, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (FileAlreadyExistsException | AtomicMoveNotSupportedException another) {
            // Another launcher extracted the same jar at the same time: use its directory.
        }
        catch (IOException ex) {
            if (!Files.isDirectory(extracted)) {
                throw ex;
            }
        }
        deleteTree(staging);
        try (Stream<Path> earlier = Files.list(root)) {
            for (Path old : earlier.filter(dir -> dir.getFileName().toString().startsWith(app + "-")
                    && !dir.getFileName().toString().contains("-extracting-") && !dir.equals(extracted)).toList()) {
                deleteTree(old);
            }
        }
    }

    /** Best effort: what cannot be deleted now is left for the next extraction of the app to remove. */
    private static void deleteTree(Path dir) {
        try {
            LocalPipeline.deleteRecursively(dir);
        }
        catch (IOException | UncheckedIOException ignored) {
            // Left behind; harmless.
        }
    }
}
