package io.tagpulse.helm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The chart under helm/tagpulse, linted and rendered by Helm 3 running in-process (helm-java). */
final class Chart {

    static final String RELEASE = "tagpulse";

    static final String NAMESPACE = "pipeline";

    /** The Kubernetes version rendered for (helm template defaults to 1.20, older than the chart's kubeVersion). */
    static final String KUBE_VERSION = "v1.33.0";

    private static final Pattern SOURCE = Pattern.compile("^# Source: (.+)$", Pattern.MULTILINE);

    private static final Pattern SEPARATOR = Pattern.compile("^---\\s*$", Pattern.MULTILINE);

    private Chart() {
    }

    /** @return the chart's directory, from the module's base directory (where Maven runs the tests) */
    static Path directory() {
        Path base = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path chart = base.resolveSibling("tagpulse").normalize();
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new IllegalStateException("no chart at " + chart);
        }
        return chart;
    }

    /**
     * The chart as rendered by the tests: a copy under target/ in which Helm hook annotations ({@code helm.sh/hook*})
     * are renamed to {@code test.tagpulse.io/hook*}. helm-java's template returns the release manifest without hooks
     * (the topic and Data Flow Jobs, the {@code helm test} pod); renamed, they render and are checked like every other
     * object, and the tests can still see which objects are hooks.
     */
    static synchronized Path renderableCopy() {
        if (renderable == null) {
            Path chart = directory();
            Path copy = Path.of(System.getProperty("basedir", ".")).toAbsolutePath()
                    .resolve("target/chart-hooks-visible/tagpulse");
            try {
                if (Files.exists(copy)) {
                    try (Stream<Path> old = Files.walk(copy)) {
                        old.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                    }
                }
                try (Stream<Path> files = Files.walk(chart)) {
                    for (Path file : files.toList()) {
                        Path target = copy.resolve(chart.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(target);
                        }
                        else if (file.toString().endsWith(".yaml") && chart.relativize(file).startsWith("templates")) {
                            Files.writeString(target, Files.readString(file).replace("helm.sh/hook", HOOK_ANNOTATION));
                        }
                        else {
                            Files.copy(file, target);
                        }
                    }
                }
            }
            catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
            renderable = copy;
        }
        return renderable;
    }

    /** What {@code helm.sh/hook} is called in {@link #renderableCopy()}. */
    static final String HOOK_ANNOTATION = "test.tagpulse.io/hook";

    private static Path renderable;

    /** @return the repository's root directory */
    static Path repository() {
        return directory().getParent().getParent();
    }

    /** @return the chart's ci/*-values.yaml files, sorted by name */
    static List<Path> ciValuesFiles() {
        try (Stream<Path> files = Files.list(directory().resolve("ci"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-values.yaml")).sorted().toList();
        }
        catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static LintResult lintStrict() {
        return new Helm(directory()).lint().strict().call();
    }

    /** Renders the chart with these values files, then these --set values; Helm's error as an exception. */
    static Rendered render(List<Path> valuesFiles, Map<String, Object> set) {
        TemplateCommand template = new Helm(renderableCopy()).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        valuesFiles.forEach(template::withValuesFile);
        set.forEach(template::set);
        return new Rendered(parse(template.call()));
    }

    static Rendered render(Map<String, Object> set) {
        return render(List.of(), set);
    }

    static Rendered render(Path valuesFile) {
        return render(List.of(valuesFile), Map.of());
    }

    static Rendered renderDefaults() {
        return render(List.of(), Map.of());
    }

    /** Splits Helm's output into its objects; every document must be one object with apiVersion and kind. */
    @SuppressWarnings("unchecked")
    static List<RenderedObject> parse(String manifest) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<RenderedObject> objects = new ArrayList<>();
        for (String document : SEPARATOR.split(manifest)) {
            Matcher source = SOURCE.matcher(document);
            String origin = source.find() ? source.group(1) : "?";
            Object content = yaml.load(document);
            if (content == null) {
                continue;
            }
            if (!(content instanceof Map<?, ?> map) || !map.containsKey("apiVersion") || !map.containsKey("kind")) {
                throw new AssertionError(origin + " renders a document that is not a Kubernetes object:\n" + document);
            }
            objects.add(new RenderedObject(origin, new LinkedHashMap<>((Map<String, Object>) map)));
        }
        return objects;
    }

    /** A rendered release: its objects in Helm's order. */
    record Rendered(List<RenderedObject> objects) {

        List<RenderedObject> ofKind(String kind) {
            return objects.stream().filter(object -> kind.equals(object.kind())).toList();
        }

        RenderedObject get(String kind, String name) {
            return objects.stream()
                    .filter(object -> kind.equals(object.kind()) && name.equals(object.name()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + objects));
        }

        boolean has(String kind, String name) {
            return objects.stream().anyMatch(object -> kind.equals(object.kind()) && name.equals(object.name()));
        }
    }
}
