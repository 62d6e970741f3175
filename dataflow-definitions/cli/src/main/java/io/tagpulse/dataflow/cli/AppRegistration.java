package io.tagpulse.dataflow.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * One app to register with Data Flow: {@code <type>.<name>=<uri>} plus an optional
 * {@code <type>.<name>.metadata=<uri>}, the format of Data Flow's own app registration files.
 *
 * @param type source, processor or sink
 * @param name the registered name streams refer to
 * @param uri where the server gets the app: {@code maven://}, {@code file://}, {@code docker:}, {@code http(s)://}
 * @param metadataUri where the server reads the app's options from, or {@code null}
 */
public record AppRegistration(String type, String name, String uri, String metadataUri) {

    private static final Set<String> TYPES = Set.of("source", "processor", "sink", "app");

    /**
     * Reads a registration file. A relative {@code file:} URI (such as {@code file:../../sink-app/target/sink-app.jar})
     * is resolved against the file's directory, so a registration file can point at a checkout's build output
     * wherever the checkout is.
     */
    public static List<AppRegistration> load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        catch (IOException ex) {
            throw new DefinitionException(file + ": cannot read the app registration file (" + ex.getMessage() + ")");
        }
        Path base = file.toAbsolutePath().getParent();
        List<AppRegistration> apps = new ArrayList<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (key.endsWith(".metadata")) {
                String appKey = key.substring(0, key.length() - ".metadata".length());
                if (!properties.containsKey(appKey)) {
                    throw new DefinitionException(file + ": " + key + " has no app " + appKey + " to belong to");
                }
                continue;
            }
            int dot = key.indexOf('.');
            if (dot < 1 || dot == key.length() - 1 || key.indexOf('.', dot + 1) >= 0) {
                throw new DefinitionException(file + ": '" + key + "' is not <type>.<name> (e.g. source.tagpulse-source)");
            }
            String type = key.substring(0, dot);
            if (!TYPES.contains(type)) {
                throw new DefinitionException(file + ": '" + key + "' has type '" + type + "'; expected one of "
                        + new TreeSet<>(TYPES));
            }
            String metadata = properties.getProperty(key + ".metadata");
            apps.add(new AppRegistration(type, key.substring(dot + 1), resolve(properties.getProperty(key), base, file, key),
                    metadata == null ? null : resolve(metadata, base, file, key + ".metadata")));
        }
        if (apps.isEmpty()) {
            throw new DefinitionException(file + ": no apps in the registration file");
        }
        return apps;
    }

    private static String resolve(String uri, Path base, Path file, String key) {
        String value = uri.trim();
        if (value.isEmpty()) {
            throw new DefinitionException(file + ": " + key + " has no URI");
        }
        if (value.startsWith("file:") && !value.startsWith("file:/")) {
            return base.resolve(value.substring("file:".length())).normalize().toUri().toString();
        }
        try {
            URI parsed = new URI(value);
            if (parsed.getScheme() == null) {
                throw new DefinitionException(file + ": " + key + "=" + value
                        + " has no scheme; use maven://, file:, docker: or http(s)://");
            }
        }
        catch (java.net.URISyntaxException ex) {
            throw new DefinitionException(file + ": " + key + "=" + value + " is not a URI (" + ex.getMessage() + ")");
        }
        return value;
    }
}
