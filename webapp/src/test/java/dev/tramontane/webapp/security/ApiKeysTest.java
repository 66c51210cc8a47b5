package dev.tramontane.webapp.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void matchesEveryConfiguredKeyByPositionAndNothingElse() {
        ApiKeys keys = new ApiKeys(List.of("alpha-key", "beta-key"));
        assertThat(keys.match("alpha-key")).contains("key-1");
        assertThat(keys.match("beta-key")).contains("key-2");
        assertThat(keys.match("alpha-ke")).isEmpty();
        assertThat(keys.match("")).isEmpty();
        assertThat(new ApiKeys(List.of()).isEmpty()).isTrue();
    }
}
