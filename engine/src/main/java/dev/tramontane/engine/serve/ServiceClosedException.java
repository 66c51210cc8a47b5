package dev.tramontane.engine.serve;

/** The service has been closed (shutting down): no new requests (HTTP 503). */
public final class ServiceClosedException extends GenerationRejectedException {

    public ServiceClosedException() {
        super("the inference service is closed (the application is shutting down or the model was unloaded)");
    }
}
