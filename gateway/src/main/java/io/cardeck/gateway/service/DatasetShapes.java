package io.cardeck.gateway.service;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.DatasetFormatException;
import io.cardeck.data.DatasetSource;
import io.cardeck.data.ImageDataset;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The image shape and class count of each dataset uploads name. A dataset is opened once (which
 * reads its files) and only these facts are kept; one that cannot be opened is tried again on the
 * next upload, so installing it later needs no restart.
 */
@ApplicationScoped
public class DatasetShapes {

    private final ConcurrentMap<String, DatasetFacts> known = new ConcurrentHashMap<>();

    /**
     * @param name one of {@link DatasetCatalog#NAMES}
     * @throws InvalidInputException if the dataset is not available on this machine
     */
    public DatasetFacts of(String name) {
        return known.computeIfAbsent(name, DatasetShapes::open);
    }

    private static DatasetFacts open(String name) {
        DatasetSource source;
        try {
            source = DatasetCatalog.open(name);
        } catch (IllegalArgumentException | DatasetFormatException | UncheckedIOException e) {
            throw new InvalidInputException("metadata.dataset '" + name + "' is not available on this server: "
                    + e.getMessage());
        }
        ImageDataset split = source.splits().values().iterator().next();
        return new DatasetFacts(name, split.shape(), split.classNames().size());
    }
}
