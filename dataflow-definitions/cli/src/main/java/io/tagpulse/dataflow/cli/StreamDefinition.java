package io.tagpulse.dataflow.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.cloud.dataflow.core.dsl.AppNode;
import org.springframework.cloud.dataflow.core.dsl.ArgumentNode;
import org.springframework.cloud.dataflow.core.dsl.ParseException;
import org.springframework.cloud.dataflow.core.dsl.StreamNode;
import org.springframework.cloud.dataflow.core.dsl.StreamParser;

/**
 * A stream definition from a reviewed {@code .dsl} file: lines {@code <name> = <Data Flow stream DSL>}, comments
 * starting with {@code #}, a trailing {@code \} continuing a definition on the next line. Each definition is parsed
 * with Data Flow's own DSL parser before anything is sent, so a typo is reported with its file, line and column.
 *
 * @param name the stream name
 * @param dsl the definition, e.g. {@code ingest: tagpulse-source | store: tagpulse-sink}
 * @param location where it was defined, {@code file:line}
 */
public record StreamDefinition(String name, String dsl, String location) {

    private static final Pattern DEFINITION = Pattern.compile("([A-Za-z][A-Za-z0-9-]*)\\s*=\\s*(.*)");

    /** Reads every {@code .dsl} file in a directory, or one file; names must be unique across them. */
    public static List<StreamDefinition> load(Path fileOrDirectory) {
        List<Path> files;
        if (Files.isDirectory(fileOrDirectory)) {
            try (Stream<Path> list = Files.list(fileOrDirectory)) {
                files = list.filter(path -> path.toString().endsWith(".dsl")).sorted().toList();
            }
            catch (IOException ex) {
                throw new DefinitionException(fileOrDirectory + ": cannot list stream definitions (" + ex.getMessage() + ")");
            }
        }
        else {
            files = List.of(fileOrDirectory);
        }
        List<StreamDefinition> streams = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Path file : files) {
            for (StreamDefinition stream : parse(file)) {
                String earlier = seen.putIfAbsent(stream.name(), stream.location());
                if (earlier != null) {
                    throw new DefinitionException(stream.location() + ": stream '" + stream.name()
                            + "' is already defined at " + earlier);
                }
                streams.add(stream);
            }
        }
        if (streams.isEmpty()) {
            throw new DefinitionException(fileOrDirectory + ": no stream definitions");
        }
        return streams;
    }

    static List<StreamDefinition> parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new DefinitionException(file + ": cannot read (" + ex.getMessage() + ")");
        }
        List<StreamDefinition> streams = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int firstLine = i + 1;
            StringBuilder text = new StringBuilder();
            while (line.endsWith("\\") && i + 1 < lines.size()) {
                text.append(line.substring(0, line.length() - 1).stripTrailing()).append(' ');
                line = lines.get(++i).strip();
            }
            text.append(line);
            String location = file + ":" + firstLine;
            Matcher matcher = DEFINITION.matcher(text);
            if (!matcher.matches()) {
                throw new DefinitionException(location + ": expected <stream name> = <definition>, found: " + text);
            }
            String name = matcher.group(1);
            String dsl = matcher.group(2).strip();
            validate(name, dsl, location, text.length() - matcher.group(2).length()
                    + (matcher.group(2).length() - matcher.group(2).stripLeading().length()));
            streams.add(new StreamDefinition(name, dsl, location));
        }
        return streams;
    }

    private static void validate(String name, String dsl, String location, int offset) {
        if (dsl.isEmpty()) {
            throw new DefinitionException(location + ": stream '" + name + "' has an empty definition");
        }
        try {
            new StreamParser(name, dsl).parse();
        }
        catch (ParseException ex) {
            int column = offset + Math.max(ex.getPosition(), 0) + 1;
            throw new DefinitionException(location + ":" + column + ": stream '" + name + "' does not parse: "
                    + ex.getMessage() + "\n    " + dsl + "\n    " + " ".repeat(Math.max(ex.getPosition(), 0)) + "^");
        }
    }

    /** @return the definition with runs of white space as one space */
    private static String normalize(String dsl) {
        return dsl == null ? "" : dsl.strip().replaceAll("\\s+", " ");
    }

    /**
     * @return whether two definitions of a stream describe the same stream: the same destinations, the same apps by
     *     label and name in the same order, each with the same properties whatever their order and quoting. What the
     *     server answers is not the text it was given: Data Flow rebuilds a definition from its parsed form, each
     *     app's properties in an order of its own and an empty value as {@code \"\"} (2.7.0 turned
     *     {@code --a=x --b=y} into {@code --b=y --a=x}, and {@code --c=''} into {@code --c=\"\"}). Text that does not
     *     parse is compared as text, white space aside.
     */
    static boolean sameStream(String name, String one, String other) {
        Optional<String> first = canonical(name, one);
        Optional<String> second = canonical(name, other);
        return first.isPresent() && second.isPresent() ? first.get().equals(second.get())
                : normalize(one).equals(normalize(other));
    }

    /** @return the definition rebuilt from its parsed form, each app's properties sorted and unquoted */
    private static Optional<String> canonical(String name, String dsl) {
        StreamNode stream;
        try {
            stream = new StreamParser(name, dsl == null ? "" : dsl).parse();
        }
        catch (ParseException ex) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        if (stream.getSourceDestinationNode() != null) {
            text.append(':').append(stream.getSourceDestinationNode().getDestinationName()).append(" > ");
        }
        for (AppNode app : stream.getAppNodes()) {
            Map<String, String> arguments = new TreeMap<>();
            for (ArgumentNode argument : app.getArguments() == null ? new ArgumentNode[0] : app.getArguments()) {
                arguments.put(argument.getName(), unquoted(argument.getValue()));
            }
            text.append(app.getLabelName()).append(": ").append(app.getName()).append(' ').append(arguments)
                .append(" | ");
        }
        if (stream.getSinkDestinationNode() != null) {
            text.append(" > :").append(stream.getSinkDestinationNode().getDestinationName());
        }
        return Optional.of(text.toString());
    }

    /** @return a property's value without the quotes the server may put around it ({@code \"...\"}, {@code "..."}) */
    private static String unquoted(String value) {
        if (value == null) {
            return "";
        }
        for (String quote : new String[] {"\\\"", "\"", "'"}) {
            if (value.length() >= 2 * quote.length() && value.startsWith(quote) && value.endsWith(quote)) {
                return value.substring(quote.length(), value.length() - quote.length());
            }
        }
        return value;
    }
}
