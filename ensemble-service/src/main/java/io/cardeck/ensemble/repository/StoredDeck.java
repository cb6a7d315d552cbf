package io.cardeck.ensemble.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A deck as stored (table {@code decks}, its cards and its domains' reference spectra). */
@Entity
@Table(name = "decks")
public class StoredDeck extends PanacheEntityBase {

    @Id
    public String name;

    @Column(nullable = false)
    public String mode;

    @Column(nullable = false)
    public int k;

    @Column(nullable = false)
    public String granularity;

    @Column(nullable = false)
    public String distance;

    @Column(nullable = false)
    public String feature;

    /** Radial bands of the feature 'bands'; null for the whole spectrum. */
    public Integer bands;

    @Column(nullable = false)
    public String weighting;

    /** Of the weighting 'soft'; null for equal weights. */
    public Double temperature;

    @Column(nullable = false)
    public int channels;

    @Column(nullable = false)
    public int height;

    @Column(nullable = false)
    public int width;

    /** Class labels as a JSON array. */
    @Column(nullable = false)
    public String labels;

    @Column(nullable = false)
    public String dataset;

    @Column(name = "calibration_images", nullable = false)
    public int calibrationImages;

    @Column(name = "calibration_seed", nullable = false)
    public long calibrationSeed;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "deck_cards", joinColumns = @JoinColumn(name = "deck"))
    @OrderColumn(name = "position")
    public List<StoredCard> cards = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "domain_references", joinColumns = @JoinColumn(name = "deck"))
    @MapKeyColumn(name = "domain")
    public Map<String, StoredSpectrum> references = new LinkedHashMap<>();
}
