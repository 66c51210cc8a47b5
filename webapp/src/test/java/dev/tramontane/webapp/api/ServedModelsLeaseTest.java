package dev.tramontane.webapp.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.model.ExpertLayout;
import dev.tramontane.engine.model.SyntheticModel;
import dev.tramontane.engine.quant.GgmlType;
import dev.tramontane.engine.serve.ServiceConfig;
import dev.tramontane.webapp.ModelRuntime;
import dev.tramontane.webapp.ServedModel;
import dev.tramontane.webapp.model.ModelLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** A {@code /v1} request holds the model it resolved until the request ends, so a swap cannot close it mid-request. */
class ServedModelsLeaseTest {

    @TempDir
    Path dir;

    @AfterEach
    void noRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void theResolvedModelStaysHeldUntilTheRequestCompletes() throws Exception {
        Path file = dir.resolve("tiny.gguf");
        SyntheticModel.write(file, SyntheticModel.Spec.tinyMixtral(ExpertLayout.MERGED, GgmlType.F32, 4));
        ServedModel served = new ModelLoader(ServiceConfig.defaults().withContextLength(128), new SimpleMeterRegistry(),
                ObservationRegistry.NOOP).load(file);
        try (ModelRuntime runtime = new ModelRuntime(served)) {
            ServletRequestAttributes request = new ServletRequestAttributes(new MockHttpServletRequest());
            RequestContextHolder.setRequestAttributes(request);

            new ServedModels(runtime).resolve(served.status().name());
            assertThat(served.idle()).as("held while the request runs").isFalse();

            request.requestCompleted();
            assertThat(served.idle()).as("released when it ends").isTrue();
        }
    }
}
