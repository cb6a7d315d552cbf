package io.cardeck.ensemble.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.UUID;

/** One card of a stored deck (table {@code deck_cards}). */
@Embeddable
public class StoredCard {

    @Column(name = "model_id", nullable = false)
    public UUID modelId;

    @Column(name = "model_name", nullable = false)
    public String modelName;

    @Column(name = "model_sha256", nullable = false)
    public String modelSha256;

    @Column(nullable = false)
    public String domain;
}
