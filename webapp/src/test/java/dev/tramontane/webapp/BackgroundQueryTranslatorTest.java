package dev.tramontane.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundQueryTranslatorTest {

    @Test
    void startsAtOnceAndAQueryBeforeTheDictionariesAreInWaitsForThem() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BackgroundQueryTranslator translator = new BackgroundQueryTranslator(() -> {
            try {
                release.await(); // dictionaries still being read
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return (query, language) -> Map.of("en", "harbour " + query.length());
        });
        assertThat(translator.ready()).isFalse();

        var answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> translator.translate("Hafen", "de"));
        Thread.sleep(200);
        assertThat(answer).as("the query waits for the dictionaries").isNotDone();
        release.countDown();
        assertThat(answer.get(10, TimeUnit.SECONDS)).containsEntry("en", "harbour 5");
    }

    @Test
    void dictionariesThatFailToLoadMeanNoTranslationNotAnError() {
        BackgroundQueryTranslator translator = new BackgroundQueryTranslator(() -> {
            throw new IllegalStateException("corrupt dictionary file");
        });
        assertThat(translator.translate("Hafen", "de")).isEmpty();
    }
}
