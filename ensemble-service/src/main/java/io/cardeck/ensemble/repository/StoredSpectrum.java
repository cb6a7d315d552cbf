package io.cardeck.ensemble.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A domain's reference spectrum (table {@code domain_references}). */
@Embeddable
public class StoredSpectrum {

    @Column(nullable = false)
    public int height;

    @Column(nullable = false)
    public int width;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public double[] spectrum;
}
