package dev.tramontane.webapp.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One running (or finished) chat turn. Keeps every event, so a subscriber that comes late (the
 * browser opens its event stream after the POST that started the turn) still sees all of them.
 */
public final class ChatTurn {

    private final String id;
    private final String conversationId;
    private final List<TurnEvent> events = new ArrayList<>();
    private final List<Consumer<TurnEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private boolean done;

    ChatTurn(String id, String conversationId) {
        this.id = id;
        this.conversationId = conversationId;
    }

    public String id() {
        return id;
    }

    public String conversationId() {
        return conversationId;
    }

    /** Replays the events so far to {@code subscriber}, then delivers new ones as they happen. */
    public void subscribe(Consumer<TurnEvent> subscriber) {
        // Under the lock, so that no new event overtakes the replay.
        synchronized (this) {
            events.forEach(subscriber);
            if (!done) {
                subscribers.add(subscriber);
            }
        }
    }

    public void unsubscribe(Consumer<TurnEvent> subscriber) {
        subscribers.remove(subscriber);
    }

    /**
     * Asks the turn to stop: the tool-calling loop polls this flag and cancels the generation in the
     * engine; what was written so far is kept.
     */
    public void stop() {
        stopRequested.set(true);
    }

    public boolean stopRequested() {
        return stopRequested.get();
    }

    public synchronized boolean done() {
        return done;
    }

    synchronized void publish(TurnEvent event) {
        if (done) {
            return;
        }
        events.add(event);
        done = event instanceof TurnEvent.Done;
        for (Consumer<TurnEvent> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                subscribers.remove(s); // a browser that went away must not end the turn
            }
        }
        if (done) {
            subscribers.clear();
        }
    }
}
