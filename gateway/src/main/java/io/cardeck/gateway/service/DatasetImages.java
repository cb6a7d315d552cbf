package io.cardeck.gateway.service;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.DatasetFormatException;
import io.cardeck.data.DatasetSource;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.corruption.Corruptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The datasets installed on the gateway's machine, and their images by index, optionally corrupted by the
 * robustness library's corruptions, so that a client can try a deck on a known image without holding the dataset.
 * This is the gateway's one cache of opened datasets ({@link DatasetShapes} reads uploads' shapes from it): each
 * is opened once and kept (its pixels are memory-mapped, or held once when gzip-compressed, about 55 MB for
 * Fashion-MNIST); one that cannot be opened is tried again on the next request, so installing it later needs no
 * restart. Only the catalog's names are accepted, so a request cannot make the gateway read a directory of its choosing.
 */
@ApplicationScoped
public class DatasetImages {

    private static final String DEFAULT_SPLIT = "test";

    private final ConcurrentMap<String, DatasetSource> opened = new ConcurrentHashMap<>();

    /**
     * The image {@code index} of {@code split} (default test), with {@code corruption} at {@code severity}
     * applied when given; the numbers come as the request has them, text.
     *
     * @throws InvalidInputException naming what is accepted, for an unknown dataset, split or corruption, an
     *                               index outside the split, a severity outside 1 to 5, or one given without the other
     */
    public DatasetImage image(String dataset, String split, String index, String corruption, String severity,
                              String seed) {
        String splitName = split == null || split.isBlank() ? DEFAULT_SPLIT : split;
        ImageDataset images = split(source("dataset", dataset), splitName);
        int position = index(images, index);
        ChosenCorruption chosen = corruption(corruption, severity, images.shape());
        long randomSeed = seed(seed);
        float[] pixels = images.image(position);
        if (chosen != null) {
            pixels = chosen.corruption().apply(pixels, images.shape(), chosen.severity(), new SplittableRandom(randomSeed));
        }
        ImageShape shape = images.shape();
        int label = images.label(position);
        return new DatasetImage(dataset, splitName, position, chosen == null ? null : chosen.corruption().name(),
                chosen == null ? null : chosen.severity(), randomSeed,
                List.of(shape.channels(), shape.height(), shape.width()), label, images.classNames().get(label), pixels);
    }

    private record ChosenCorruption(Corruption corruption, int severity) {
    }

    /**
     * The dataset {@code name}, opened on first use and kept.
     *
     * @param field what the request calls it, for the messages (e.g. {@code metadata.dataset})
     * @throws InvalidInputException for a name outside {@link DatasetCatalog#NAMES}, or a dataset not installed here
     */
    public DatasetSource source(String field, String name) {
        if (!DatasetCatalog.NAMES.contains(name)) {
            throw new InvalidInputException("unknown " + field + " '" + name + "'; accepted: "
                    + String.join(", ", DatasetCatalog.NAMES));
        }
        return opened.computeIfAbsent(name, dataset -> {
            try {
                return DatasetCatalog.open(dataset);
            } catch (IllegalArgumentException | DatasetFormatException | UncheckedIOException e) {
                throw new InvalidInputException(field + " '" + dataset + "' is not available on this server: "
                        + e.getMessage());
            }
        });
    }

    private static ImageDataset split(DatasetSource source, String split) {
        if (!source.splits().containsKey(split)) {
            throw new InvalidInputException("unknown split '" + split + "' of " + source.name() + "; accepted: "
                    + String.join(", ", source.splits().keySet()));
        }
        return source.split(split);
    }

    private static int index(ImageDataset images, String index) {
        String accepted = "accepted: a whole number from 0 to " + (images.size() - 1) + ", the images of "
                + images.name();
        int position;
        try {
            position = Integer.parseInt(index.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("index '" + index + "' is not a whole number; " + accepted);
        }
        if (position < 0 || position >= images.size()) {
            throw new InvalidInputException("index " + position + " is outside " + images.name() + "; " + accepted);
        }
        return position;
    }

    /** The corruption asked for, checked with its severity; null when neither is given. */
    private static ChosenCorruption corruption(String name, String severity, ImageShape shape) {
        boolean named = name != null && !name.isBlank();
        boolean graded = severity != null && !severity.isBlank();
        String severities = "from " + Corruption.MIN_SEVERITY + " to " + Corruption.MAX_SEVERITY;
        if (!named && !graded) {
            return null;
        }
        if (!named) {
            throw new InvalidInputException("severity needs a corruption; accepted: "
                    + String.join(", ", Corruptions.names()));
        }
        if (!graded) {
            throw new InvalidInputException("corruption " + name + " needs a severity, " + severities);
        }
        Corruption corruption;
        try {
            corruption = Corruptions.byName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        if (!corruption.definedFor(shape.channels())) {
            throw new InvalidInputException(corruption.name() + " is not defined for images of " + shape.channels()
                    + " channel(s), as this dataset's are");
        }
        int level;
        try {
            level = Integer.parseInt(severity.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("severity '" + severity + "' is not a whole number; accepted: " + severities);
        }
        if (level < Corruption.MIN_SEVERITY || level > Corruption.MAX_SEVERITY) {
            throw new InvalidInputException("severity " + level + " is outside the severities; accepted: " + severities);
        }
        return new ChosenCorruption(corruption, level);
    }

    private static long seed(String seed) {
        if (seed == null || seed.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(seed.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("seed '" + seed + "' is not a whole number; accepted: any 64-bit integer,"
                    + " 0 when left out");
        }
    }
}
