package io.tagpulse.dataflow.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.tagpulse.local.KafkaBroker;
import io.tagpulse.local.ManagedProcess;

/**
 * The pipeline under a real Data Flow server on this machine, in one command ({@code dataflow-definitions/run-local.sh}):
 * a KRaft Kafka broker, Skipper and Data Flow with the local deployer, then the Tagpulse CLI applies the definitions
 * and deploys the hashtags stream with {@code deployment/local.properties} and the dashboard stream beside it with
 * {@code deployment/dashboard-local.properties}. Ctrl-C undeploys the streams and stops the servers and the broker.
 * Data lives in {@code .tagpulse/dataflow/}.
 */
public final class DataflowLocal {

    private DataflowLocal() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path home = root.resolve(".tagpulse/dataflow");
        Files.createDirectories(home);
        Path definitions = root.resolve("dataflow-definitions");
        Path cli = definitions.resolve("cli/target/tagpulse-dataflow-cli.jar");
        KafkaBroker broker = KafkaBroker.start(root.resolve("local-pipeline/target/broker-lib"), home.resolve("kafka"),
                9092, 9093, "512m");
        DataflowServers servers = null;
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            broker.awaitReady(Duration.ofMinutes(3));
            servers = DataflowServers.start(definitions.resolve("it/target/servers"), home, broker.bootstrapServers(),
                    7577, 9393, Duration.ofMinutes(5));
            DataflowServers running = servers;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("Undeploying the dashboard and hashtags, then stopping Data Flow, Skipper and Kafka ...");
                cli(cli, running, "undeploy", "dashboard");
                cli(cli, running, "undeploy", "hashtags");
                running.close();
                broker.close();
                stopped.countDown();
            }));
            String database = "jdbc:h2:file:" + home.resolve("sink-db/tagpulse") + ";AUTO_SERVER=TRUE";
            Path overrides = home.resolve("local-overrides.properties");
            Files.writeString(overrides, "app.store.spring.datasource.url=" + database + "\n");
            Path dashboardOverrides = home.resolve("local-dashboard-overrides.properties");
            Files.writeString(dashboardOverrides, "app.dashboard.spring.datasource.url=" + database + ";IFEXISTS=TRUE\n");
            if (cli(cli, servers, "apply", "--apps", definitions.resolve("apps/local.properties").toString(),
                    "--streams", definitions.resolve("streams").toString()) != 0
                    || cli(cli, servers, "deploy", "hashtags", "--properties",
                            definitions.resolve("deployment/local.properties").toString(), "--properties",
                            overrides.toString()) != 0
                    || cli(cli, servers, "deploy", "dashboard", "--properties",
                            definitions.resolve("deployment/dashboard-local.properties").toString(), "--properties",
                            dashboardOverrides.toString()) != 0) {
                System.exit(1);
            }
            System.out.printf("""
                    Tagpulse runs under Spring Cloud Data Flow.
                      Data Flow dashboard:  %s/dashboard
                      Tagpulse dashboard:   http://localhost:8080/   (once deployed: CLI status hashtags dashboard)
                      Post to:              http://localhost:8081/posts
                      Kafka:                %s
                      Logs:                 %s
                    Press Ctrl-C to undeploy and stop everything.
                    """, servers.uri(), broker.bootstrapServers(), home);
            stopped.await();
        }
        catch (RuntimeException | IOException ex) {
            if (servers != null) {
                servers.close();
            }
            broker.close();
            throw ex;
        }
    }

    private static int cli(Path jar, DataflowServers servers, String... args) {
        List<String> command = new ArrayList<>(List.of(ManagedProcess.javaExecutable(), "-Xmx128m", "-jar",
                jar.toString(), "--dataflow-uri", servers.uri()));
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        }
        catch (IOException ex) {
            System.err.println("cannot run the CLI: " + ex.getMessage());
            return 1;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
