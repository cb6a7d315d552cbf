package io.cardeck.zoo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The zoo's single source of truth: {@code models/manifest.json}, one {@link ZooEntry} per trained
 * model and one {@link CardEntry} per model pruned from them (the CARDs and their comparison).
 * Everything that registers, rebuilds or checks the zoo reads this file.
 */
public record ZooManifest(List<ZooEntry> models, List<CardEntry> cards) {

    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // A card's parameters and families are unordered maps: sorted, a rewrite changes only what changed.
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public ZooManifest {
        models = List.copyOf(models);
        cards = cards == null ? List.of() : List.copyOf(cards);
        var names = new HashSet<String>();
        for (String name : java.util.stream.Stream.concat(models.stream().map(ZooEntry::name),
                cards.stream().map(CardEntry::name)).toList()) {
            if (!names.add(name)) {
                throw new IllegalArgumentException("the zoo manifest names " + name + " twice");
            }
        }
        for (CardEntry card : cards) {
            if (models.stream().noneMatch(model -> model.name().equals(card.parent()))) {
                throw new IllegalArgumentException(card.name() + ": parent " + card.parent() + " is not a model of the zoo");
            }
        }
    }

    public ZooManifest(List<ZooEntry> models) {
        this(models, List.of());
    }

    /** Reads {@code folder/manifest.json}; an absent file is an empty zoo. */
    public static ZooManifest read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return new ZooManifest(List.of(), List.of());
        }
        try {
            return JSON.readValue(file.toFile(), ZooManifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a valid zoo manifest: " + e.getMessage(), e);
        }
    }

    /** Writes {@code folder/manifest.json} atomically. */
    public void write(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        try {
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, FILE_NAME, ".partial");
            JSON.writeValue(temporary.toFile(), this);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public Optional<ZooEntry> entry(String name) {
        return models.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** This manifest with {@code entry} added, replacing an entry of the same name. */
    public ZooManifest with(ZooEntry entry) {
        List<ZooEntry> updated = new ArrayList<>(models.stream().filter(e -> !e.name().equals(entry.name())).toList());
        updated.add(entry);
        return new ZooManifest(updated, cards);
    }

    /** This manifest with {@code card} added, replacing a card of the same name. */
    public ZooManifest withCard(CardEntry card) {
        List<CardEntry> updated = new ArrayList<>(cards.stream().filter(c -> !c.name().equals(card.name())).toList());
        updated.add(card);
        return new ZooManifest(models, updated);
    }
}
