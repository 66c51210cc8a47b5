package dev.tramontane.webapp.mcp;

import dev.tramontane.tools.registry.ToolRegistry;
import dev.tramontane.webapp.tools.ToolsProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Our tools as an MCP server: Spring AI's MCP server starter (streamable HTTP at
 * {@code spring.ai.mcp.server.streamable-http.mcp-endpoint}, default {@code /mcp}) serves every
 * {@code ToolCallbackProvider} bean, and this is ours. The API key filter protects {@code /mcp}.
 * Off with {@code spring.ai.mcp.server.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.ai.mcp.server.enabled", havingValue = "true", matchIfMissing = true)
public class McpServerConfiguration {

    @Bean
    ServedTools servedTools(ToolRegistry registry, ToolsProperties properties) {
        return new ServedTools(registry, properties.disabled());
    }
}
