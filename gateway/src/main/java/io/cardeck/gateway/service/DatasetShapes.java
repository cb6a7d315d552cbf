package io.cardeck.gateway.service;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import jakarta.enterprise.context.ApplicationScoped;

/** The image shape and class count of each dataset uploads name, from the datasets {@link DatasetImages} holds open. */
@ApplicationScoped
public class DatasetShapes {

    private final DatasetImages datasets;

    public DatasetShapes(DatasetImages datasets) {
        this.datasets = datasets;
    }

    /**
     * @param name one of {@link DatasetCatalog#NAMES}
     * @throws InvalidInputException if the dataset is not available on this machine
     */
    public DatasetFacts of(String name) {
        ImageDataset split = datasets.source("metadata.dataset", name).splits().values().iterator().next();
        return new DatasetFacts(name, split.shape(), split.classNames().size());
    }
}
