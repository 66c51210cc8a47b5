package dev.tramontane.webapp.api;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.tramontane.engine.model.ExpertLayout;
import dev.tramontane.engine.model.SyntheticModel;
import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.serve.ServiceConfig;
import dev.tramontane.webapp.ModelRuntime;
import dev.tramontane.webapp.ServedModel;
import dev.tramontane.webapp.model.ModelChoiceFile;
import dev.tramontane.webapp.model.ModelLoader;
import dev.tramontane.webapp.model.ModelSource;
import dev.tramontane.webapp.model.ModelSwitcher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * {@code POST /api/model} while a load runs answers 409 with OpenAI's error shape. The controller,
 * switcher and loader are the real ones; the load is held at its start so the second request
 * reliably meets it (a small model loads in milliseconds).
 */
class ModelApiConflictTest {

    @TempDir
    Path dir;

    @Test
    void aSecondLoadWhileOneRunsIsAConflictNamingTheFileBeingLoaded() throws Exception {
        Path model = dir.resolve("tiny.gguf");
        SyntheticModel.write(model, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.F32, 3));
        ModelLoader loader = new ModelLoader(ServiceConfig.defaults().withContextLength(128), new SimpleMeterRegistry(),
                ObservationRegistry.NOOP);
        CountDownLatch gate = new CountDownLatch(1);
        ModelSource held = (path, progress) -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return loader.load(path, progress);
        };
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        try (ModelRuntime runtime = new ModelRuntime(ServedModel.none());
             ModelSwitcher switcher = new ModelSwitcher(runtime, held, new ModelChoiceFile(dir), Duration.ofSeconds(10))) {
            MockMvc mvc = MockMvcBuilders.standaloneSetup(new ModelApiController(runtime, switcher, messages))
                    .setControllerAdvice(new ApiExceptionHandler()).build();
            String body = "{\"path\": \"" + model + "\"}";

            mvc.perform(post("/api/model").contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.stage").value("QUEUED"));
            mvc.perform(post("/api/model").contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.error.code").value("model_load_in_progress"))
                    .andExpect(jsonPath("$.error.message").value(Matchers.containsString("tiny.gguf")));
            gate.countDown();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!switcher.lastJob().orElseThrow().finished() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
    }
}
