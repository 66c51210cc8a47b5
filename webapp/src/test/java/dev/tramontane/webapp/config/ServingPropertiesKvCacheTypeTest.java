package dev.tramontane.webapp.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tramontane.engine.model.KvCacheType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@code tramontane.serving.kv-cache-type} reaches the inference service's configuration (F16 when
 * unset), and {@code tramontane.serving.repack} binds (off when unset).
 */
class ServingPropertiesKvCacheTypeTest {

    private static ServingProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("tramontane.serving", ServingProperties.class);
    }

    @Test
    void theKvCacheTypeIsF16UnlessThePropertyNamesAnother() {
        assertThat(bind(Map.of()).toServiceConfig().kvCacheType()).isEqualTo(KvCacheType.F16);
        assertThat(bind(Map.of("tramontane.serving.kv-cache-type", "q8_0")).toServiceConfig().kvCacheType())
                .isEqualTo(KvCacheType.Q8_0);
        assertThat(bind(Map.of("tramontane.serving.kv-cache-type", "F32")).toServiceConfig().kvCacheType())
                .isEqualTo(KvCacheType.F32);
    }

    @Test
    void repackingIsOffUnlessTurnedOn() {
        assertThat(bind(Map.of()).repack()).isFalse();
        assertThat(bind(Map.of("tramontane.serving.repack", "true")).repack()).isTrue();
    }
}
