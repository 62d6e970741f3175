package io.tagpulse.dataflow.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.cloud.dataflow.core.ApplicationType;
import org.springframework.cloud.dataflow.rest.client.DataFlowClientException;
import org.springframework.cloud.dataflow.rest.client.DataFlowOperations;
import org.springframework.cloud.dataflow.rest.client.DataFlowTemplate;
import org.springframework.cloud.dataflow.rest.resource.AppInstanceStatusResource;
import org.springframework.cloud.dataflow.rest.resource.AppRegistrationResource;
import org.springframework.cloud.dataflow.rest.resource.AppStatusResource;
import org.springframework.cloud.dataflow.rest.resource.StreamDefinitionResource;
import org.springframework.cloud.dataflow.rest.resource.StreamStatusResource;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestTemplate;

/**
 * The Tagpulse command line for Spring Cloud Data Flow: registers the apps and creates the streams from the reviewed
 * definition files ({@code apply}, idempotent), deploys a stream with per-environment property files, scales one of
 * its apps, shows status, undeploys and destroys. {@code --dry-run} reads the server's state and prints what would
 * change without changing it.
 * <p>
 * Exit codes: 0 done, 1 the server refused or failed, 2 bad usage or a definition that does not parse (the message
 * says where), 3 the server cannot be reached.
 */
public final class TagpulseDataflow {

    static final String USAGE = """
            Usage: tagpulse-dataflow [--dataflow-uri URI] [--dry-run] COMMAND ...
              apply    --apps FILE --streams DIR|FILE   register apps, create or update undeployed streams (idempotent)
              deploy   STREAM --properties FILE ...     deploy a stream; later property files override earlier ones
              scale    STREAM APP COUNT                 run COUNT instances of the app labelled APP in STREAM
              status   [STREAM ...]                     streams, their status and their apps' instances
              undeploy STREAM                           stop a stream's apps, keep its definition
              destroy  STREAM                           undeploy and delete a stream's definition
            The server URI defaults to $DATAFLOW_URI, else http://localhost:9393.""";

    private final PrintStream out;

    private final boolean dryRun;

    private final URI serverUri;

    private DataFlowOperations dataflow;

    TagpulseDataflow(PrintStream out, URI serverUri, boolean dryRun) {
        this.out = out;
        this.serverUri = serverUri;
        this.dryRun = dryRun;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(List.of(args));
        String uri = System.getenv().getOrDefault("DATAFLOW_URI", "http://localhost:9393");
        boolean dryRun = false;
        try {
            String flagUri = takeOption(rest, "--dataflow-uri");
            if (flagUri != null) {
                uri = flagUri;
            }
            dryRun = rest.remove("--dry-run");
            if (rest.isEmpty() || rest.contains("--help") || rest.contains("-h")) {
                out.println(USAGE);
                return rest.isEmpty() ? 2 : 0;
            }
            TagpulseDataflow cli = new TagpulseDataflow(out, URI.create(uri), dryRun);
            String command = rest.remove(0);
            switch (command) {
                case "apply" -> cli.apply(Path.of(required(rest, "--apps")), Path.of(required(rest, "--streams")), rest);
                case "deploy" -> {
                    List<Path> files = properties(rest);
                    cli.deploy(single(rest, "STREAM"), files);
                }
                case "scale" -> cli.scale(rest);
                case "status" -> cli.status(rest);
                case "undeploy" -> cli.undeploy(single(rest, "STREAM"));
                case "destroy" -> cli.destroy(single(rest, "STREAM"));
                default -> throw new UsageException("unknown command '" + command + "'");
            }
            return 0;
        }
        catch (UsageException ex) {
            err.println("error: " + ex.getMessage());
            err.println(USAGE);
            return 2;
        }
        catch (DefinitionException ex) {
            err.println("error: " + ex.getMessage());
            return 2;
        }
        catch (ResourceAccessException ex) {
            err.println("error: cannot reach the Data Flow server at " + uri + " ("
                    + (ex.getMostSpecificCause().getMessage() == null ? ex.getMostSpecificCause()
                            : ex.getMostSpecificCause().getMessage())
                    + "). Is it running? Set --dataflow-uri or DATAFLOW_URI.");
            return 3;
        }
        catch (DataFlowClientException ex) {
            err.println("error: the Data Flow server at " + uri + " refused: " + ex.getMessage());
            return 1;
        }
        catch (HttpStatusCodeException ex) {
            err.println("error: the Data Flow server at " + uri + " answered " + ex.getRawStatusCode() + ": "
                    + ex.getResponseBodyAsString());
            return 1;
        }
        catch (IllegalStateException | IllegalArgumentException ex) {
            err.println("error: " + ex.getMessage());
            return 1;
        }
    }

    void apply(Path appsFile, Path streamsPath, List<String> rest) {
        noMoreArguments(rest);
        // Everything is read and parsed before the server is asked anything.
        List<AppRegistration> apps = AppRegistration.load(appsFile);
        List<StreamDefinition> streams = StreamDefinition.load(streamsPath);
        DataFlowOperations server = server();
        Map<String, String> registered = new LinkedHashMap<>();
        for (AppRegistrationResource app : server.appRegistryOperations().list().getContent()) {
            registered.put(app.getType() + "/" + app.getName(), app.getUri());
        }
        Map<String, ApplyPlan.ServerStream> existing = new LinkedHashMap<>();
        for (StreamDefinitionResource stream : server.streamOperations().list().getContent()) {
            String dsl = stream.getOriginalDslText() != null ? stream.getOriginalDslText() : stream.getDslText();
            existing.put(stream.getName(), new ApplyPlan.ServerStream(dsl, stream.getStatus()));
        }
        ApplyPlan plan = ApplyPlan.of(apps, registered, streams, existing);
        for (ApplyPlan.Step step : plan.steps()) {
            out.println((step.changes() ? (dryRun ? "would " : "") : "unchanged: ") + step);
            if (dryRun || !step.changes()) {
                continue;
            }
            switch (step.kind()) {
                case REGISTER, REPLACE_REGISTRATION -> {
                    AppRegistration app = apps.stream()
                        .filter(candidate -> (candidate.type() + "/" + candidate.name()).equals(step.subject()))
                        .findFirst()
                        .orElseThrow();
                    if (step.kind() == ApplyPlan.Kind.REPLACE_REGISTRATION) {
                        // Data Flow lets a forced registration change only the version, not the URI's scheme or
                        // path: the old registration goes first.
                        server.appRegistryOperations().unregister(app.name(), ApplicationType.valueOf(app.type()));
                    }
                    server.appRegistryOperations().register(app.name(), ApplicationType.valueOf(app.type()), app.uri(),
                            app.metadataUri(), false);
                }
                case RECREATE_STREAM -> {
                    server.streamOperations().destroy(step.subject());
                    server.streamOperations().createStream(step.subject(), step.detail(), "", false);
                }
                case CREATE_STREAM -> server.streamOperations().createStream(step.subject(), step.detail(), "", false);
                default -> throw new IllegalStateException("unexpected step " + step);
            }
        }
        out.println(plan.changesNothing() ? "Nothing to change." : dryRun ? "Dry run: nothing changed." : "Applied.");
    }

    void deploy(String stream, List<Path> propertyFiles) {
        Map<String, String> properties = DeploymentProperties.load(propertyFiles);
        StreamDefinitionResource definition = server().streamOperations().getStreamDefinition(stream);
        if (!"undeployed".equalsIgnoreCase(definition.getStatus())) {
            throw new IllegalStateException("stream '" + stream + "' is " + definition.getStatus()
                    + "; undeploy it first to deploy it with new properties, or scale its apps");
        }
        out.println((dryRun ? "would deploy " : "deploying ") + stream + " with:");
        properties.forEach((key, value) -> out.println("  " + key + "=" + value));
        if (!dryRun) {
            server().streamOperations().deploy(stream, properties);
            out.println("Deployment of " + stream + " requested; follow it with: status " + stream);
        }
    }

    void scale(List<String> rest) {
        if (rest.size() != 3) {
            throw new UsageException("scale needs STREAM APP COUNT");
        }
        int count;
        try {
            count = Integer.parseInt(rest.get(2));
        }
        catch (NumberFormatException ex) {
            throw new UsageException("COUNT must be a number, not '" + rest.get(2) + "'");
        }
        if (count < 0) {
            throw new UsageException("COUNT must not be negative");
        }
        server().streamOperations().getStreamDefinition(rest.get(0));
        out.println((dryRun ? "would scale " : "scaling ") + rest.get(0) + "." + rest.get(1) + " to " + count
                + " instance(s)");
        if (!dryRun) {
            server().streamOperations().scaleApplicationInstances(rest.get(0), rest.get(1), count, Map.of());
        }
    }

    void status(List<String> names) {
        for (StreamDefinitionResource stream : server().streamOperations().list().getContent()) {
            if (!names.isEmpty() && !names.contains(stream.getName())) {
                continue;
            }
            out.println(stream.getName() + " [" + stream.getStatus() + "] "
                    + (stream.getOriginalDslText() != null ? stream.getOriginalDslText() : stream.getDslText()));
        }
        String[] wanted = names.toArray(String[]::new);
        for (StreamStatusResource stream : server().runtimeOperations().streamStatus(wanted).getContent()) {
            for (AppStatusResource app : stream.getApplications().getContent()) {
                out.println("  " + stream.getName() + "." + app.getName() + " " + app.getState());
                for (AppInstanceStatusResource instance : app.getInstances().getContent()) {
                    out.println("    " + instance.getInstanceId() + " " + instance.getState()
                            + (instance.getAttributes().containsKey("url") ? " " + instance.getAttributes().get("url")
                                    : ""));
                }
            }
        }
    }

    void undeploy(String stream) {
        server().streamOperations().getStreamDefinition(stream);
        out.println((dryRun ? "would undeploy " : "undeploying ") + stream);
        if (!dryRun) {
            server().streamOperations().undeploy(stream);
        }
    }

    void destroy(String stream) {
        server().streamOperations().getStreamDefinition(stream);
        out.println((dryRun ? "would destroy " : "destroying ") + stream);
        if (!dryRun) {
            server().streamOperations().destroy(stream);
        }
    }

    private DataFlowOperations server() {
        if (dataflow == null) {
            SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
            requests.setConnectTimeout(5_000);
            requests.setReadTimeout(120_000);
            dataflow = new DataFlowTemplate(serverUri, new RestTemplate(requests), null);
            if (dataflow.streamOperations() == null) {
                throw new IllegalStateException("the Data Flow server at " + serverUri + " has streams disabled");
            }
        }
        return dataflow;
    }

    private static String takeOption(List<String> args, String name) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals(name)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(name + " needs a value");
                }
                args.remove(i);
                return args.remove(i);
            }
            if (arg.startsWith(name + "=")) {
                args.remove(i);
                return arg.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String required(List<String> args, String name) {
        String value = takeOption(args, name);
        if (value == null) {
            throw new UsageException("missing " + name);
        }
        return value;
    }

    private static List<Path> properties(List<String> args) {
        List<Path> files = new ArrayList<>();
        for (String file = takeOption(args, "--properties"); file != null; file = takeOption(args, "--properties")) {
            files.add(Path.of(file));
        }
        return files;
    }

    private static String single(List<String> args, String what) {
        if (args.size() != 1) {
            throw new UsageException("expected one " + what + ", got " + args);
        }
        return args.get(0);
    }

    private static void noMoreArguments(List<String> args) {
        if (!args.isEmpty()) {
            throw new UsageException("unexpected arguments " + args);
        }
    }

    /** The command line is wrong. */
    static final class UsageException extends RuntimeException {

        UsageException(String message) {
            super(message);
        }
    }
}
