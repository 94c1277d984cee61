package io.github.llmfailover.chat;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Building requests with tools, images and structured output: what a request needs, and
 * the caller's mistakes caught with a clear message before any provider sees them.
 */
class ChatRequestToolsTests {

	private static final Tool WEATHER = Tool.of("get_weather", "The weather",
			"{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");

	@Test
	void aTextRequestNeedsNoCapability() {
		assertThat(ChatRequest.of("Hi").capabilities()).isEmpty();
	}

	@Test
	void listsWhatARequestNeeds() {
		ChatRequest request = ChatRequest.builder()
			.user(ContentPart.text("x"), ContentPart.imageUrl("https://example.com/a.png"))
			.tools(WEATHER)
			.toolChoice(ToolChoice.REQUIRED)
			.responseFormat(ResponseFormat.JSON_OBJECT)
			.build();
		assertThat(request.capabilities()).containsExactlyInAnyOrder(Capability.TOOLS, Capability.FORCED_TOOL_CHOICE,
				Capability.IMAGES, Capability.IMAGE_URLS, Capability.JSON_SCHEMA);
		assertThat(
				ChatRequest.builder().user(ContentPart.imageUrl("data:image/png;base64,AAAA")).build().capabilities())
			.containsExactly(Capability.IMAGES);
	}

	@Test
	void aFailedCallsResultIsAToolMessageMarkedAsAnError() {
		ChatRequest request = ChatRequest.builder()
			.user("x")
			.assistant(null, List.of(new ToolCall("c1", "get_weather", "{}")))
			.toolError("c1", "timed out")
			.build();
		ChatMessage result = request.messages().get(2);
		assertThat(result.role()).isEqualTo(ChatMessage.Role.TOOL);
		assertThat(result.toolError()).isTrue();
		assertThat(ChatMessage.toolResult("c1", "sunny").toolError()).isFalse();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ChatMessage(ChatMessage.Role.USER, "x", List.of(), List.of(), null, true))
			.withMessage("Only a tool message reports a failed tool call");
	}

	@Test
	void badArgumentsJsonIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChatRequest.builder()
				.user("x")
				.assistant(null, List.of(new ToolCall("c1", "get_weather", "{\"city\":")))
				.toolResult("c1", "sunny")
				.build())
			.withMessageContaining("arguments of tool call 'c1' is not valid JSON");
	}

	@Test
	void aResultForAnUnknownCallIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChatRequest.builder()
				.user("x")
				.assistant(null, List.of(new ToolCall("c1", "get_weather", "{}")))
				.toolResult("c1", "sunny")
				.toolResult("c2", "rainy")
				.build())
			.withMessageContaining("call 'c2' answers no unanswered call");
	}

	@Test
	void aCallWithoutItsResultIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChatRequest.builder()
				.user("x")
				.assistant(null, List.of(new ToolCall("c1", "get_weather", "{}")))
				.user("well?")
				.build())
			.withMessageContaining("Tool call 'c1' has no result");
	}

	@Test
	void aSchemaThatIsNotAnObjectIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> Tool.of("t", null, "[1, 2]"))
			.withMessageContaining("parameters of tool 't' must be a JSON Schema object");
		assertThatIllegalArgumentException().isThrownBy(() -> Tool.of("t", null, "{\"type\":\"string\"}"))
			.withMessageContaining("must describe an object");
		assertThatIllegalArgumentException().isThrownBy(() -> ResponseFormat.jsonSchema("r", "not json", true))
			.withMessageContaining("is not valid JSON");
	}

	@Test
	void aToolChoiceNamingNoToolIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> ChatRequest.builder().user("x").tools(WEATHER).toolChoice(ToolChoice.tool("other")).build())
			.withMessageContaining("'other', which is not among the request's tools");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChatRequest.builder().user("x").toolChoice(ToolChoice.REQUIRED).build())
			.withMessageContaining("needs tools");
	}

	@Test
	void aToolNameEveryProviderAcceptsIsRequired() {
		assertThatIllegalArgumentException().isThrownBy(() -> Tool.of("get weather", null, "{}"))
			.withMessageContaining("not accepted by every provider");
	}

	@Test
	void extraBodyIsKeptPerProviderType() {
		ChatRequest request = ChatRequest.builder()
			.user("x")
			.extraBody("anthropic", java.util.Map.of("thinking", java.util.Map.of("type", "enabled")))
			.build();
		assertThat(request.extraBody("anthropic")).containsKey("thinking");
		assertThat(request.extraBody("openai")).isEmpty();
	}

}
