package dev.tramontane.webapp.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import org.springframework.ai.mcp.McpConnectionInfo;
import org.springframework.ai.mcp.McpToolNamePrefixGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Names of the tools of external MCP servers: {@code <connection>_<tool>}, the connection being the
 * name under {@code spring.ai.mcp.client.*.connections.<connection>}. Two servers may both have an
 * {@code echo} or a {@code search}; prefixed, both are kept and the model (and whoever enables
 * them) can tell where each comes from — a tool that reaches the network says which server it
 * reaches. Spring AI's default would keep the first and rename the next {@code alt_1_…}, an order
 * that depends on which server answered first. Names keep to {@code [A-Za-z0-9_-]{1,64}}, what
 * OpenAI and Mistral accept.
 */
@Configuration(proxyBeanMethods = false)
public class McpClientToolNames {

    static final int MAX_LENGTH = 64;

    @Bean
    McpToolNamePrefixGenerator connectionPrefixedToolNames() {
        return McpClientToolNames::name;
    }

    static String name(McpConnectionInfo connection, McpSchema.Tool tool) {
        McpSchema.Implementation client = connection.clientInfo();
        // Spring AI's client auto-configuration puts the connection's name in the client's title.
        String prefix = client == null ? "mcp" : client.title() != null ? client.title() : client.name();
        return of(prefix, tool.name());
    }

    static String of(String connection, String tool) {
        String name = (connection + "_" + tool).replaceAll("[^A-Za-z0-9_-]", "_");
        return name.length() <= MAX_LENGTH ? name : name.substring(0, MAX_LENGTH);
    }
}
