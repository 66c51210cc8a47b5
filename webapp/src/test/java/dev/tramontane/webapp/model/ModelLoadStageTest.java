package dev.tramontane.webapp.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Every load stage has its text in each language the UI offers, and the progress bar never goes back. */
class ModelLoadStageTest {

    @Test
    void everyStageHasATextInEveryLanguage() throws IOException {
        for (String file : List.of("messages.properties", "messages_en.properties", "messages_fr.properties",
                "messages_de.properties", "messages_es.properties", "messages_it.properties")) {
            Properties messages = new Properties();
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(file)) {
                assertThat(in).as(file).isNotNull();
                messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            for (ModelLoadStage stage : ModelLoadStage.values()) {
                assertThat(messages.getProperty(stage.messageKey())).as("%s in %s", stage.messageKey(), file).isNotBlank();
            }
        }
    }

    @Test
    void stagesFollowEachOtherOnTheProgressBar() {
        int last = 0;
        for (ModelLoadStage stage : ModelLoadStage.values()) {
            if (stage == ModelLoadStage.FAILED) {
                continue;
            }
            assertThat(stage.percent(0, 1)).as("%s starts where the one before ended", stage).isGreaterThanOrEqualTo(last);
            last = stage.percent(1, 1);
        }
        assertThat(last).isEqualTo(100);
    }
}
