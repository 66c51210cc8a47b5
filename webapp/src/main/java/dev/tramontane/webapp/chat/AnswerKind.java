package dev.tramontane.webapp.chat;

/** How an assistant message came to be; the UI labels every kind but {@link #GENERATED}. */
public enum AnswerKind {
    /** A question, written by the user. */
    QUESTION,
    /** Written by the model from the retrieved sources. */
    GENERATED,
    /** No model loaded: the best passages quoted and cited. */
    RETRIEVAL_ONLY,
    /** The user pressed Stop; the text is what was generated until then. */
    STOPPED,
    /** Generation failed; the text says why. */
    FAILED
}
