package io.cardeck.metrics;

/** Accuracy of a model on one corruption at one severity (1..5), over {@code count} images. */
public record CorruptionCell(String corruption, int severity, long count, double accuracy) {

    public static final int MIN_SEVERITY = 1;
    public static final int MAX_SEVERITY = 5;

    public CorruptionCell {
        if (corruption == null || corruption.isBlank()) {
            throw new IllegalArgumentException("corruption name must be non-blank, got '" + corruption + "'");
        }
        if (severity < MIN_SEVERITY || severity > MAX_SEVERITY) {
            throw new IllegalArgumentException("severity of " + corruption + " must be " + MIN_SEVERITY + ".."
                    + MAX_SEVERITY + ", got " + severity);
        }
        if (count < 1) {
            throw new IllegalArgumentException(key(corruption, severity) + " must score at least one image, got " + count);
        }
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy of " + key(corruption, severity) + " must be in [0, 1], got " + accuracy);
        }
    }

    /** The cell's name as in datasets and messages, e.g. {@code fog/s3}. */
    public String key() {
        return key(corruption, severity);
    }

    static String key(String corruption, int severity) {
        return corruption + "/s" + severity;
    }
}
