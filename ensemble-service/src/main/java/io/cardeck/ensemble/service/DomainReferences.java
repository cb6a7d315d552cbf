package io.cardeck.ensemble.service;

import io.cardeck.augmentation.TrainingDomains;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.deck.gate.ReferenceSpectra;
import io.cardeck.ensemble.config.EnsembleConfig;
import io.cardeck.metrics.spectrum.Spectrum;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Computes the reference spectra of training domains from calibration images: the first
 * {@code calibration.images} training images of the members' dataset, through each domain's
 * augmentation (the trainer's own code).
 */
@ApplicationScoped
public class DomainReferences {

    private final EnsembleConfig config;
    private final DatasetCatalog catalog;
    private final Map<String, ImageDataset> trainingSplits = new ConcurrentHashMap<>();

    DomainReferences(EnsembleConfig config) {
        this.config = config;
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put(DatasetCatalog.FASHION_MNIST_VARIABLE, config.datasetDir().toString());
        this.catalog = new DatasetCatalog(environment);
    }

    public int calibrationImages() {
        return config.calibration().images();
    }

    public long seed() {
        return config.calibration().seed();
    }

    /**
     * The reference spectrum of each domain, in the order given.
     *
     * @throws DeckException 422 when the dataset's training images are not available or not of {@code shape}
     */
    public Map<String, Spectrum> compute(String dataset, ImageShape shape, Collection<String> domains) {
        ImageDataset train = trainingSplit(dataset);
        if (!train.shape().equals(shape)) {
            throw DeckException.unsupported("the members take " + shape + " images, but the training images of "
                    + dataset + " are " + train.shape());
        }
        int images = Math.min(config.calibration().images(), train.size());
        Map<String, Spectrum> references = new LinkedHashMap<>();
        for (String domain : domains) {
            references.put(domain, ReferenceSpectra.of(train, images, TrainingDomains.byName(domain), config.calibration().seed()));
        }
        return references;
    }

    private ImageDataset trainingSplit(String dataset) {
        try {
            return trainingSplits.computeIfAbsent(dataset, name -> catalog.source(name).split("train"));
        } catch (RuntimeException e) {
            throw DeckException.unsupported("reference spectra need the training images of the members' dataset '"
                    + dataset + "', which cannot be read: " + e.getMessage());
        }
    }
}
