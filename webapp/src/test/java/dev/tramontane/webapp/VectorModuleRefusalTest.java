package dev.tramontane.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VectorModuleRefusalTest {

    @Test
    void applicationRefusesToStartWithoutTheVectorModuleAndSaysHowToFixIt() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                TramontaneApplication.class.getName())
                .redirectErrorStream(true)
                .start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("the app must exit, not start: %s", output).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(output).contains("--add-modules jdk.incubator.vector").doesNotContain("Tomcat started");
    }
}
