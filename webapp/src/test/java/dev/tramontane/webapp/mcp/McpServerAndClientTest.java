package dev.tramontane.webapp.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.tools.registry.ToolRegistry;
import dev.tramontane.tools.registry.ToolSelection;
import dev.tramontane.tools.registry.ToolSet;
import dev.tramontane.webapp.chat.ConversationRepository;
import dev.tramontane.webapp.tools.ToolService;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.mcp.SyncMcpToolCallbackProvider;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The app (retrieval-only: MCP needs no model) on a random port: Spring AI's MCP client lists and
 * calls our tools over streamable HTTP at /mcp with the API key, and is refused without it; the
 * tools of an MCP server (this very app, reached as an external server) join a registry the way
 * the application's MCP-client tools do — off by default, callable once enabled.
 *
 * <p>The app is also a client of two external MCP servers configured only through the documented
 * properties ({@code spring.ai.mcp.client.stdio.connections.<name>.command/args}), each its own
 * process ({@link StdioMcpServer}) with an {@code echo} tool and one named like our built-in
 * {@code calculator}: both servers' tools join the registry as {@code <connection>_<tool>}, so no
 * clash loses a tool; they are off by default except one turned on by {@code tramontane.tools.enabled},
 * all are callable, and none is served again over our /mcp.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tramontane.api.keys=" + McpServerAndClientTest.KEY,
        "tramontane.model=",
        "spring.ai.mcp.client.request-timeout=30s",
        "tramontane.tools.enabled=beta_shout"})
class McpServerAndClientTest {

    static final String KEY = "mcp-test-key-41";
    private static final Path DATA_DIR = tempDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("tramontane.data-dir", DATA_DIR::toString);
        String java = ProcessHandle.current().info().command().orElse("java");
        for (String server : List.of("alpha", "beta")) {
            String prefix = "spring.ai.mcp.client.stdio.connections." + server;
            registry.add(prefix + ".command", () -> java);
            registry.add(prefix + ".args[0]", () -> "-cp");
            registry.add(prefix + ".args[1]", () -> System.getProperty("java.class.path"));
            registry.add(prefix + ".args[2]", StdioMcpServer.class::getName);
            registry.add(prefix + ".args[3]", () -> server);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ToolService tools;

    @Autowired
    ConversationRepository conversations;

    private McpSyncClient client(String key) {
        HttpClientStreamableHttpTransport.Builder transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                .endpoint("/mcp");
        if (key != null) {
            transport.httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", "Bearer " + key));
        }
        return McpClient.sync(transport.build()).requestTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void anMcpClientListsAndCallsOurBuiltInTools() {
        try (McpSyncClient client = client(KEY)) {
            client.initialize();
            List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertThat(names).contains("calculator", "convert_units", "current_datetime", "search_documents");

            McpSchema.CallToolResult sum = client.callTool(new McpSchema.CallToolRequest("calculator", Map.of("expression", "0.1 + 0.2")));
            assertThat(sum.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(((McpSchema.TextContent) sum.content().getFirst()).text()).contains("\"result\":\"0.3\"");

            McpSchema.CallToolResult wrong = client.callTool(new McpSchema.CallToolRequest("convert_units",
                    Map.of("value", 1, "from", "kg", "to", "m")));
            assertThat(((McpSchema.TextContent) wrong.content().getFirst()).text()).contains("cannot convert mass (kg) to length (m)");
        }
    }

    @Test
    void theMcpEndpointRefusesAClientWithoutTheApiKey() {
        try (McpSyncClient client = client(null)) {
            assertThatThrownBy(client::initialize).rootCause()
                    .isInstanceOf(io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException.class);
        }
    }

    @Test
    void anExternalMcpServersToolsJoinTheRegistryOffByDefaultAndRunWhenEnabled() {
        try (McpSyncClient client = client(KEY)) {
            client.initialize();
            SyncMcpToolCallbackProvider external = new SyncMcpToolCallbackProvider(client);
            ToolRegistry registry = ToolRegistry.builder().limits(tools.registry().limits())
                    .provider(external, false).build();
            List<String> remote = registry.tools().keySet().stream().toList();
            String calculator = remote.stream().filter(n -> n.endsWith("calculator")).findFirst().orElseThrow();
            assertThat(registry.enabledByDefault()).isEmpty();
            assertThat(registry.forTurn(ToolSelection.defaults()).isEmpty()).isTrue();

            ToolSet enabled = registry.forTurn(ToolSelection.defaults().enabling(List.of(calculator)));
            assertThat(enabled.call(calculator, "{\"expression\": \"6 * 7\"}")).contains("42");
            // The remote tool's failure comes back as a result the model can read, not an exception.
            assertThat(enabled.call(calculator, "{\"expression\": \"1 / 0\"}")).contains("1 / 0");
        }
    }

    @Test
    void theApplicationRegistryHasTheBuiltInsOnByDefault() {
        assertThat(tools.registry().enabledByDefault()).contains("calculator", "convert_units", "current_datetime", "search_documents");
        String some = conversations.create("some").id();
        String another = conversations.create("another").id();
        List<ToolCallback> turn = tools.toolsFor(some);
        assertThat(turn).extracting(t -> t.getToolDefinition().name()).contains("calculator");
        tools.disable(some, List.of("calculator"));
        assertThat(tools.enabledFor(some)).doesNotContain("calculator").contains("convert_units");
        assertThat(tools.enabledFor(another)).contains("calculator");
        assertThatThrownBy(() -> tools.enable(some, List.of("rm_rf"))).hasMessageContaining("unknown tool rm_rf");
    }

    @Test
    void twoConfiguredServersToolsJoinTheRegistryPrefixedByTheirConnectionAndOurCalculatorStaysOurs() {
        assertThat(tools.registry().tools().keySet())
                .contains("alpha_echo", "alpha_calculator", "alpha_shout", "beta_echo", "beta_calculator", "beta_shout", "calculator");
        assertThat(tools.registry().find("calculator").orElseThrow().getToolDefinition().description()).contains("arithmetic");
        assertThat(tools.registry().find("beta_calculator").orElseThrow().getToolDefinition().description()).startsWith("Not a calculator");
    }

    @Test
    void externalToolsAreOffByDefaultUnlessNamedInTheEnabledPropertyAndAreNotServedAgain() {
        assertThat(tools.registry().enabledByDefault()).doesNotContain("alpha_echo", "beta_echo", "beta_shout");
        assertThat(tools.registry().resolve(tools.defaults()))
                .contains("beta_shout", "calculator").doesNotContain("alpha_echo", "beta_echo", "alpha_shout");
        try (McpSyncClient client = client(KEY)) {
            client.initialize();
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).noneMatch(n -> n.startsWith("alpha_") || n.startsWith("beta_"));
        }
    }

    @Test
    void eachConfiguredServersToolsAreCallableAndAnswerFromTheirOwnServer() {
        ToolSet set = tools.forRequest(List.of("alpha_echo", "beta_echo", "beta_shout", "alpha_calculator", "calculator"));
        assertThat(set.call("alpha_echo", "{\"text\": \"hi\"}")).contains("alpha: hi");
        assertThat(set.call("beta_echo", "{\"text\": \"hi\"}")).contains("beta: hi");
        assertThat(set.call("beta_shout", "{\"text\": \"tramontane\"}")).contains("TRAMONTANE");
        assertThat(set.call("alpha_calculator", "{\"text\": \"6 * 7\"}")).contains("alpha has no calculator");
        assertThat(set.call("calculator", "{\"expression\": \"6 * 7\"}")).contains("\"result\":\"42\"");
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("tramontane-mcp-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
