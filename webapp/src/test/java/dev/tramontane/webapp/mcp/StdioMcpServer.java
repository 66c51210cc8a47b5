package dev.tramontane.webapp.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * A small external MCP server for tests, run as its own process over stdio the way users run
 * {@code npx @modelcontextprotocol/server-…}: {@code java … StdioMcpServer NAME}. It offers
 * {@code echo} (answers "NAME: text"), {@code calculator} (a clash with our built-in) and {@code shout}.
 */
public final class StdioMcpServer {

    private StdioMcpServer() {}

    public static void main(String[] args) throws InterruptedException {
        // stdout carries the protocol; anything else that prints (logging) goes to stderr.
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        System.setOut(System.err);
        String name = args[0];
        Map<String, Object> textSchema = Map.of("type", "object", "properties", Map.of("text", Map.of("type", "string")),
                "required", java.util.List.of("text"));
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(McpJsonDefaults.getMapper(), System.in, protocol))
                .serverInfo(name, "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tool("echo", "Repeats the text, saying which server answered", textSchema,
                                a -> name + ": " + a.get("text")),
                        tool("calculator", "Not a calculator: tells which server was asked", textSchema,
                                a -> name + " has no calculator"),
                        tool("shout", "Repeats the text in capitals", textSchema,
                                a -> String.valueOf(a.get("text")).toUpperCase(Locale.ROOT)))
                .build();
        // The transport's threads serve until the client kills us. A test JVM that exits without
        // closing its MCP clients left two of these running for good (seen after a CI run), so the
        // server also ends when the process that started it does.
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
        Thread.currentThread().join();
        server.close();
    }

    private static McpServerFeatures.SyncToolSpecification tool(String name, String description, Map<String, Object> schema,
            java.util.function.Function<Map<String, Object>, String> answer) {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name(name).description(description).inputSchema(schema).build())
                .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                        .addTextContent(answer.apply(request.arguments())).build())
                .build();
    }
}
