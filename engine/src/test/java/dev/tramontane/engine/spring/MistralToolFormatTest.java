package dev.tramontane.engine.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tramontane.engine.chat.ChatMessage;
import dev.tramontane.engine.chat.ChatMessage.Role;
import dev.tramontane.engine.chat.ChatTemplateFamily;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Tool definitions and tool turns in Mistral's v3 and v1 shapes. */
class MistralToolFormatTest {

    private static final ToolSpec WEATHER = new ToolSpec("get_weather", "Weather for a city",
            "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}");

    @Test
    void definitionsAreMistralsFunctionList() {
        JsonNode list = JsonMapper.builder().build().readTree(MistralToolFormat.definitionsJson(List.of(WEATHER)));
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).get("type").asString()).isEqualTo("function");
        JsonNode function = list.get(0).get("function");
        assertThat(function.get("name").asString()).isEqualTo("get_weather");
        assertThat(function.get("description").asString()).isEqualTo("Weather for a city");
        assertThat(function.get("parameters").get("required").get(0).asString()).isEqualTo("city");
    }

    @Test
    void aSchemaThatIsNotJsonIsRefusedNamingTheTool() {
        assertThatThrownBy(() -> MistralToolFormat.definitionsJson(List.of(new ToolSpec("bad_tool", "", "{not json"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad_tool");
    }

    private static final List<Message> TOOL_CONVERSATION = List.of(
            new SystemMessage("Be brief."),
            new UserMessage("Weather in Lyon?"),
            AssistantMessage.builder().content("").toolCalls(List.of(
                    new AssistantMessage.ToolCall("abc123XYZ", "function", "get_weather", "{\"city\": \"Lyon\"}"))).build(),
            ToolResponseMessage.builder().responses(List.of(
                    new ToolResponseMessage.ToolResponse("abc123XYZ", "get_weather", "{\"celsius\": 21}"))).build(),
            new AssistantMessage("21 °C."),
            new UserMessage("Thanks"));

    @Test
    void v3KeepsToolCallsAndResultsAsTheirOwnTurns() {
        List<ChatMessage> m = SpringAiMessages.toChatMessages(TOOL_CONVERSATION, ChatTemplateFamily.MISTRAL_V3, null);
        assertThat(m).extracting(ChatMessage::role).containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL,
                Role.ASSISTANT, Role.USER);
        assertThat(m.get(2).toolCallsJson()).isEqualTo("[{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Lyon\"},\"id\":\"abc123XYZ\"}]");
        assertThat(m.get(3).toolCallId()).isEqualTo("abc123XYZ");
        assertThat(m.get(3).content()).isEqualTo("{\"celsius\": 21}");
    }

    @Test
    void v1WritesToolsIntoTheSystemTextAndKeepsTurnsAlternating() {
        String instructions = MistralToolFormat.v1Instructions(List.of(WEATHER));
        List<ChatMessage> m = SpringAiMessages.toChatMessages(TOOL_CONVERSATION, ChatTemplateFamily.MISTRAL_V1, instructions);
        assertThat(m).extracting(ChatMessage::role).containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER,
                Role.ASSISTANT, Role.USER);
        assertThat(m.get(0).content()).startsWith("Be brief.\n\nYou can call these functions:").contains("\"get_weather\"");
        assertThat(m.get(2).content()).isEqualTo("[{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Lyon\"},\"id\":\"abc123XYZ\"}]");
        assertThat(m.get(3).content()).startsWith("Function results:").contains("\"call_id\":\"abc123XYZ\"").contains("celsius");
    }

    @Test
    void v1JoinsConsecutiveUserTurns() {
        List<ChatMessage> m = SpringAiMessages.toChatMessages(List.of(new UserMessage("a"), new UserMessage("b")),
                ChatTemplateFamily.MISTRAL_V1, null);
        assertThat(m).containsExactly(ChatMessage.user("a\n\nb"));
    }
}
