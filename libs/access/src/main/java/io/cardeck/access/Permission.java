package io.cardeck.access;

/** What a request does, as far as access is concerned; every route needs exactly one. */
public enum Permission {
    /** Uploads, prune jobs, decks, deletes, the operator's pages (OpenAPI). */
    MANAGE,
    /** Reading the metrics page ({@code /q/metrics}): what a scraper such as Prometheus needs, nothing more. */
    METRICS,
    /** Inference: the Open Inference Protocol routes. */
    PREDICT,
    /** Lists, models, jobs, evaluations, the event stream. */
    READ
}
