package io.tagpulse.dashboard.app;

import javax.sql.DataSource;

import io.tagpulse.dashboard.SinkTables;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Gives the app under test the tables the sink would have created, with the sink's migrations (the dashboard never
 * migrates), and a way to fill them as the sink does.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SinkSchemaConfiguration {

    @Bean
    SinkTables sinkTables(DataSource dataSource) {
        SinkTables.migrate(dataSource);
        return new SinkTables(dataSource);
    }
}
