package dev.tramontane.tools.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.ai.tool.function.FunctionToolCallback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ToolRegistryTest {

    static class Greeter {
        @Tool(name = "greet", description = "Greets someone")
        public String greet(@ToolParam(description = "who") String name, int times) {
            return ("hello " + name + " ").repeat(times).strip();
        }
    }

    static class Shell {
        @Tool(name = "run_shell", description = "Runs a command (not on by default)")
        public String run(String command) {
            return "ran " + command;
        }
    }

    private static ToolCallback function(String name) {
        return FunctionToolCallback.builder(name, (String in) -> name + " got " + in).description("the " + name + " tool")
                .inputType(String.class).build();
    }

    @Test
    void toolMethodsBecomeToolsWithAnInputSchemaGeneratedFromTheirJavaTypes() {
        ToolRegistry registry = ToolRegistry.builder().toolObjects(new Greeter()).build();
        JsonNode schema = JsonMapper.builder().build().readTree(registry.find("greet").orElseThrow().getToolDefinition().inputSchema());
        assertThat(schema.path("properties").path("name").path("type").asString()).isEqualTo("string");
        assertThat(schema.path("properties").path("times").path("type").asString()).isEqualTo("integer");
        assertThat(registry.forTurn(ToolSelection.defaults()).call("greet", "{\"name\": \"Ada\", \"times\": 2}"))
                .isEqualTo("\"hello Ada hello Ada\"");
    }

    @Test
    void aSourceOffByDefaultIsOnlyOfferedWhenASelectionEnablesIt() {
        ToolRegistry registry = ToolRegistry.builder().toolObjects(new Greeter()).toolObjects(false, List.of(new Shell())).build();
        assertThat(registry.enabledByDefault()).containsExactly("greet");
        assertThat(registry.forTurn(ToolSelection.defaults()).names()).containsExactly("greet");
        assertThat(registry.forTurn(ToolSelection.defaults().enabling(List.of("run_shell"))).names()).containsExactly("greet", "run_shell");
        assertThat(registry.forTurn(ToolSelection.defaults().disabling(List.of("greet"))).names()).isEmpty();
        assertThat(registry.forTurn(ToolSelection.only(List.of("run_shell"))).names()).containsExactly("run_shell");
        assertThat(registry.forTurn(ToolSelection.none()).isEmpty()).isTrue();
    }

    @Test
    void aSelectionNamingAnUnknownToolIsRefusedListingTheKnownOnes() {
        ToolRegistry registry = ToolRegistry.builder().toolObjects(new Greeter()).build();
        assertThatThrownBy(() -> registry.forTurn(ToolSelection.only(List.of("send_email"))))
                .isInstanceOf(UnknownToolException.class).hasMessageContaining("send_email").hasMessageContaining("greet");
    }

    @Test
    void twoToolsWithTheSameNameAreRefusedWhenTheToolsAreListed() {
        ToolRegistry registry = ToolRegistry.builder().tools(true, List.of(function("lookup"))).tools(true, List.of(function("lookup"))).build();
        assertThatThrownBy(() -> registry.forTurn(ToolSelection.defaults()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two tools are named lookup");
    }

    @Test
    void anExternalToolWhoseNameIsTakenIsSkippedAndTheOwnToolStays() {
        ToolCallback own = function("lookup");
        ToolRegistry registry = ToolRegistry.builder().tools(true, List.of(own)).tools(false, List.of(function("lookup"), function("remote"))).build();
        assertThat(registry.tools()).containsOnlyKeys("lookup", "remote").containsEntry("lookup", own);
    }

    @Test
    void aProviderIsAskedAgainOnEveryTurnSoToolsItGainsLaterAppear() {
        List<ToolCallback> live = new ArrayList<>(List.of(function("first")));
        ToolCallbackProvider provider = () -> live.toArray(ToolCallback[]::new);
        ToolRegistry registry = ToolRegistry.builder().provider(provider, true).build();
        assertThat(registry.forTurn(ToolSelection.defaults()).names()).containsExactly("first");
        live.add(function("second"));
        assertThat(registry.forTurn(ToolSelection.defaults()).names()).containsExactly("first", "second");
        assertThat(registry.enabledByDefault()).isEqualTo(Set.of("first", "second"));
    }

    @Test
    void callingAToolThatIsNotInTheTurnIsAnErrorResultNotAnException() {
        ToolSet set = ToolRegistry.builder().toolObjects(new Greeter()).build().forTurn(ToolSelection.defaults());
        String result = set.call("delete_everything", "{}");
        assertThat(ToolErrors.isError(result)).isTrue();
        assertThat(result).contains("delete_everything").contains("greet");
    }
}
