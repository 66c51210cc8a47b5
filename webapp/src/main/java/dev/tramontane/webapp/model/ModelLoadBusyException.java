package dev.tramontane.webapp.model;

/** A load was asked for while another one runs; the caller waits for {@link #running()} to finish. */
public class ModelLoadBusyException extends RuntimeException {

    private final ModelLoadJob running;

    public ModelLoadBusyException(ModelLoadJob running) {
        super("a model is already being loaded (" + running.path().getFileName() + ", "
                + running.progress().percent() + " %); wait until it has finished, then try again");
        this.running = running;
    }

    public ModelLoadJob running() {
        return running;
    }
}
