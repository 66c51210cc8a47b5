package dev.tramontane.webapp.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * API security under {@code tramontane.api.*}.
 *
 * @param keys              accepted Bearer keys (environment {@code TRAMONTANE_API_KEYS}, comma separated); kept
 *                          only as SHA-256 hashes. None configured: the API answers loopback clients only
 * @param requestsPerMinute sustained requests per key (token bucket refill); 0 turns rate limiting off
 * @param burst             requests a key may make at once before the refill rate applies
 * @param maxBodySize       largest JSON body on {@code /v1} and {@code /api} (413 above)
 * @param maxUploadSize     largest document upload on {@code /api/documents} (413 above)
 */
@ConfigurationProperties("tramontane.api")
public record ApiProperties(
        List<String> keys,
        @DefaultValue("600") int requestsPerMinute,
        @DefaultValue("100") int burst,
        @DefaultValue("4MB") DataSize maxBodySize,
        @DefaultValue("1GB") DataSize maxUploadSize) {

    public ApiProperties {
        keys = keys == null ? List.of() : keys.stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
    }
}
