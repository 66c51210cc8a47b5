package dev.tramontane.webapp;

import dev.tramontane.rag.language.QueryTranslator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the query translator (FreeDict: about 300,000 German words, 10–15 s on a busy 2-core
 * machine) on its own thread while the rest of the app starts, instead of holding up start-up. A
 * query that arrives before the dictionaries are in waits for them, so results are the same as with
 * an eager load; if loading fails, queries are not translated and the log says why.
 */
final class BackgroundQueryTranslator implements QueryTranslator {

    private static final Logger log = LoggerFactory.getLogger(BackgroundQueryTranslator.class);

    private final CompletableFuture<QueryTranslator> loaded;

    BackgroundQueryTranslator(Supplier<QueryTranslator> loader) {
        this.loaded = CompletableFuture.supplyAsync(loader,
                        task -> Thread.ofPlatform().name("tramontane-dictionaries").daemon().start(task))
                .exceptionally(e -> {
                    log.warn("Query translation is off: the dictionaries could not be loaded ({})", e.toString());
                    return QueryTranslator.none();
                });
    }

    @Override
    public Map<String, String> translate(String query, String queryLanguage) {
        return loaded.join().translate(query, queryLanguage);
    }

    boolean ready() {
        return loaded.isDone();
    }
}
