package io.tagpulse.dataflow.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Deployment properties for a stream, from {@code .properties} files in Data Flow's format ({@code app.<label>.*},
 * {@code deployer.<label>.*}, {@code deployer.*.*}); a later file overrides an earlier one, so an environment's
 * file can be followed by a file of local overrides.
 */
public final class DeploymentProperties {

    private DeploymentProperties() {
    }

    public static Map<String, String> load(List<Path> files) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (Path file : files) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            catch (IOException ex) {
                throw new DefinitionException(file + ": cannot read deployment properties (" + ex.getMessage() + ")");
            }
            for (String key : new TreeSet<>(properties.stringPropertyNames())) {
                if (!key.startsWith("app.") && !key.startsWith("deployer.") && !key.startsWith("spring.cloud.dataflow.")
                        && !key.startsWith("version.")) {
                    throw new DefinitionException(file + ": '" + key + "' is not a deployment property; expected "
                            + "app.<label>.<property>, deployer.<label>.<property> or version.<label>");
                }
                merged.put(key, properties.getProperty(key).strip());
            }
        }
        return merged;
    }
}
