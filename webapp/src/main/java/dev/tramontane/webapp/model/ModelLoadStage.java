package dev.tramontane.webapp.model;

/**
 * The steps of loading a model file, in order, each with its share of the progress bar. Checking
 * the tensors gets the widest share because it is the only step whose length grows with the file
 * (one entry per tensor; a Mixtral file has about a thousand).
 */
public enum ModelLoadStage {
    QUEUED(0, 0),
    READING_HEADER(0, 10),
    CHECKING_TENSORS(10, 70),
    MAPPING_WEIGHTS(70, 75),
    /** Only with {@code tramontane.serving.repack=true}. */
    REPACKING_WEIGHTS(75, 80),
    LOADING_TOKENIZER(80, 90),
    WARMING_UP(90, 100),
    READY(100, 100),
    FAILED(100, 100);

    private final int fromPercent;
    private final int toPercent;

    ModelLoadStage(int fromPercent, int toPercent) {
        this.fromPercent = fromPercent;
        this.toPercent = toPercent;
    }

    /** The overall percentage after {@code done} of {@code total} steps of this stage. */
    public int percent(int done, int total) {
        if (total <= 0) {
            return fromPercent;
        }
        return fromPercent + (int) ((long) (toPercent - fromPercent) * Math.min(done, total) / total);
    }

    /** The key of this stage's text in {@code messages*.properties}. */
    public String messageKey() {
        return "settings.model.stage." + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public boolean finished() {
        return this == READY || this == FAILED;
    }
}
