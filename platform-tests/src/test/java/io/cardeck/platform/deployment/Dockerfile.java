package io.cardeck.platform.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile's instructions. No parser for the format is among the project's libraries; the
 * format's line rules are few (a trailing backslash continues, {@code #} starts a comment line), and
 * the exec form of an instruction is a JSON array, read with Jackson.
 */
record Dockerfile(List<Instruction> instructions) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An instruction: its keyword (upper case) and its arguments, continuation lines joined. */
    record Instruction(String keyword, String arguments) {}

    Dockerfile {
        instructions = List.copyOf(instructions);
    }

    static Dockerfile read(Path file) throws IOException {
        return parse(Files.readAllLines(file));
    }

    static Dockerfile parse(List<String> lines) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            boolean continues = trimmed.endsWith("\\");
            current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continues) {
                instructions.add(instruction(current.toString().strip()));
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            instructions.add(instruction(current.toString().strip()));
        }
        return new Dockerfile(instructions);
    }

    private static Instruction instruction(String text) {
        String[] parts = text.split("\\s+", 2);
        return new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
    }

    /** The ports of the EXPOSE instructions ({@code 8080/tcp} counts as 8080). */
    List<String> exposedPorts() {
        return arguments("EXPOSE").stream()
                .flatMap(arguments -> Arrays.stream(arguments.split("\\s+")))
                .map(port -> port.replaceFirst("/(tcp|udp)$", ""))
                .toList();
    }

    /** What COPY and ADD take from the build context (not from another stage or image). */
    List<String> contextSources() {
        List<String> sources = new ArrayList<>();
        for (Instruction instruction : instructions) {
            if (!instruction.keyword().equals("COPY") && !instruction.keyword().equals("ADD")) {
                continue;
            }
            List<String> words = words(instruction.arguments());
            if (words.stream().anyMatch(word -> word.startsWith("--from="))) {
                continue;
            }
            List<String> paths = words.stream().filter(word -> !word.startsWith("--")).toList();
            sources.addAll(paths.subList(0, Math.max(0, paths.size() - 1)));
        }
        return sources;
    }

    /** Where COPY instructions put what they take from another stage or image (their last word). */
    List<String> copiedFromStages() {
        List<String> destinations = new ArrayList<>();
        for (Instruction instruction : instructions) {
            List<String> words = words(instruction.arguments());
            if (instruction.keyword().equals("COPY") && words.stream().anyMatch(word -> word.startsWith("--from="))) {
                destinations.add(words.get(words.size() - 1));
            }
        }
        return destinations;
    }

    /** The image the final stage starts from. */
    String finalBaseImage() {
        List<String> froms = arguments("FROM");
        return froms.isEmpty() ? "" : froms.get(froms.size() - 1).split("\\s+")[0];
    }

    /** The user the container runs as: the last USER instruction, empty when there is none (root). */
    String user() {
        List<String> users = arguments("USER");
        return users.isEmpty() ? "" : users.get(users.size() - 1).strip();
    }

    /** The command the container runs: ENTRYPOINT, then CMD, as words. */
    List<String> command() {
        List<String> command = new ArrayList<>();
        for (String keyword : List.of("ENTRYPOINT", "CMD")) {
            List<String> arguments = arguments(keyword);
            if (!arguments.isEmpty()) {
                command.addAll(words(arguments.get(arguments.size() - 1)));
            }
        }
        return command;
    }

    private List<String> arguments(String keyword) {
        return instructions.stream().filter(instruction -> instruction.keyword().equals(keyword))
                .map(Instruction::arguments).toList();
    }

    /** The exec form (a JSON array) or the shell form (split at blanks). */
    private static List<String> words(String arguments) {
        if (arguments.startsWith("[")) {
            try {
                return Arrays.asList(JSON.readValue(arguments, String[].class));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not a JSON array of strings: " + arguments, e);
            }
        }
        return Arrays.asList(arguments.split("\\s+"));
    }
}
