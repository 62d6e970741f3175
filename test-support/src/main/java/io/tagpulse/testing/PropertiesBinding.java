package io.tagpulse.testing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.IgnoreTopLevelConverterNotFoundBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Binds an app's {@code @ConfigurationProperties} type from a few settings and validates it, the way the app does at
 * start-up (Spring Boot's binder with its conversions: {@code 2s}, {@code 64MB}, {@code final} for an enum; then Bean
 * Validation), without starting a context. A properties test states the settings and reads the bound object, or the
 * message a bad setting stops the app with.
 */
public final class PropertiesBinding {

    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

    private PropertiesBinding() {
    }

    /**
     * @param type a {@code @ConfigurationProperties} type (a JavaBean or a record bound through its constructor)
     * @param settings {@code name=value} pairs, names in full (with the type's prefix)
     * @return the bound, valid properties (defaults where nothing is set)
     * @throws BindException when a setting cannot be converted or the result is not valid
     */
    public static <T> T bind(Class<T> type, String... settings) {
        return bind(type, asMap(settings));
    }

    /**
     * @param type a {@code @ConfigurationProperties} type (a JavaBean or a record bound through its constructor)
     * @param settings names in full (with the type's prefix) to values
     * @return the bound, valid properties (defaults where nothing is set)
     * @throws BindException when a setting cannot be converted or the result is not valid
     */
    public static <T> T bind(Class<T> type, Map<String, String> settings) {
        String prefix = MergedAnnotations.from(type).get(ConfigurationProperties.class).getString("prefix");
        Binder binder = new Binder(new MapConfigurationPropertySource(settings));
        ValidationBindHandler validation = new ValidationBindHandler(
                new IgnoreTopLevelConverterNotFoundBindHandler(),
                new SpringValidatorAdapter(VALIDATION.getValidator()));
        return binder.bindOrCreate(prefix, Bindable.of(type), validation);
    }

    /**
     * @param type a {@code @ConfigurationProperties} type
     * @param settings {@code name=value} pairs of which at least one is wrong
     * @return the message the app would stop with: that of the innermost cause (it names the property and the rule)
     * @throws AssertionError when the settings bind and validate
     */
    public static String failure(Class<?> type, String... settings) {
        try {
            bind(type, settings);
        }
        catch (BindException ex) {
            Throwable cause = ex;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause.getMessage();
        }
        throw new AssertionError("expected " + Arrays.toString(settings) + " to be rejected, but they bound");
    }

    private static Map<String, String> asMap(String... settings) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String setting : settings) {
            int equals = setting.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("expected name=value but got '" + setting + "'");
            }
            map.put(setting.substring(0, equals).trim(), setting.substring(equals + 1).trim());
        }
        return map;
    }
}
