package dev.tramontane.webapp.model;

/**
 * Where a model load stands; every change is a new value sent to the page and the API.
 *
 * @param stage     the current step
 * @param done      steps done within the stage (tensors checked), 0 when the stage has no count
 * @param total     steps of the stage (tensors in the file), 0 when the stage has no count
 * @param percent   overall progress, 0–100
 * @param modelName the model's name once the header is read, else {@code null}
 * @param error     why the load failed (the engine's message, which names the fix), else {@code null}
 */
public record ModelLoadProgress(ModelLoadStage stage, int done, int total, int percent, String modelName, String error) {

    static ModelLoadProgress queued() {
        return new ModelLoadProgress(ModelLoadStage.QUEUED, 0, 0, 0, null, null);
    }

    static ModelLoadProgress at(ModelLoadStage stage, int done, int total, String modelName) {
        return new ModelLoadProgress(stage, done, total, stage.percent(done, total), modelName, null);
    }

    ModelLoadProgress failed(String reason) {
        return new ModelLoadProgress(ModelLoadStage.FAILED, done, total, percent, modelName, reason);
    }
}
