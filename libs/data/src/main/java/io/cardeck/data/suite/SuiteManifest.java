package io.cardeck.data.suite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.cardeck.data.DatasetFormatException;
import io.cardeck.data.ImageShape;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What cardeck's suite generator wrote into a corruption suite ({@value #FILE_NAME}): where the
 * clean images came from, the class names, the shape, and the seed and version that reproduce it.
 *
 * @param format            always {@value #FORMAT}
 * @param dataset           source dataset name, e.g. {@code fashion-mnist}
 * @param split             source split, e.g. {@code test}
 * @param shape             [channels, height, width]
 * @param imagesPerSeverity N: images per corruption and severity
 * @param generator         generator version, e.g. {@code cardeck 0.1.0}
 */
public record SuiteManifest(String format, String dataset, String split, List<String> classNames,
                            List<Integer> shape, int imagesPerSeverity, long seed, List<String> corruptions,
                            String generator) {

    public static final String FORMAT = "cardeck-suite/1";
    public static final String FILE_NAME = "suite.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public SuiteManifest {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format is " + format + "; expected " + FORMAT);
        }
        requireText(dataset, "dataset");
        requireText(split, "split");
        requireText(generator, "generator");
        requirePresent(classNames, "classNames");
        requirePresent(shape, "shape");
        requirePresent(corruptions, "corruptions");
        classNames = List.copyOf(classNames);
        shape = List.copyOf(shape);
        corruptions = List.copyOf(corruptions);
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("classNames is empty");
        }
        if (shape.size() != 3) {
            throw new IllegalArgumentException("shape is " + shape + "; expected [channels, height, width]");
        }
        new ImageShape(shape.get(0), shape.get(1), shape.get(2));
        if (imagesPerSeverity < 1) {
            throw new IllegalArgumentException("imagesPerSeverity is " + imagesPerSeverity + "; expected >= 1");
        }
        if (corruptions.isEmpty() || new HashSet<>(corruptions).size() != corruptions.size()) {
            throw new IllegalArgumentException("corruptions " + corruptions + " must be a non-empty list of distinct names");
        }
    }

    public SuiteManifest(String dataset, String split, List<String> classNames, ImageShape shape,
                         int imagesPerSeverity, long seed, List<String> corruptions, String generator) {
        this(FORMAT, dataset, split, classNames, List.of(shape.channels(), shape.height(), shape.width()),
                imagesPerSeverity, seed, corruptions, generator);
    }

    /** {@link #shape} as an image shape. */
    public ImageShape imageShape() {
        return new ImageShape(shape.get(0), shape.get(1), shape.get(2));
    }

    /** Reads {@code dir/suite.json}. */
    public static SuiteManifest read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            return JSON.readValue(file.toFile(), SuiteManifest.class);
        } catch (JsonProcessingException e) {
            String problem = e instanceof ValueInstantiationException && e.getCause() != null
                    ? e.getCause().getMessage() : e.getOriginalMessage();
            throw new DatasetFormatException(file, "invalid suite manifest: " + problem, e);
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new DatasetFormatException(file, "file not found", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes {@code dir/suite.json} through a temporary file and an atomic rename. */
    public void write(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            // A unique name so that concurrent writers never share a temporary file.
            Path temporary = dir.resolve(FILE_NAME + "." + UUID.randomUUID() + ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW)) {
                    JSON.writeValue(out, this);
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void requirePresent(List<?> value, String field) {
        // Not value.contains(null): immutable lists throw on a null query.
        if (value == null || value.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(field + " is missing or holds null");
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is missing");
        }
    }
}
