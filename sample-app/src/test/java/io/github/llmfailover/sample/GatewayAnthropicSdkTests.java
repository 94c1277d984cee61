package io.github.llmfailover.sample;

import java.util.List;
import java.util.Map;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.ServiceUnavailableException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.StructuredMessage;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import io.github.llmfailover.sample.demo.Fault;
import io.github.llmfailover.sample.security.TestCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code /v1/messages} through Anthropic's official Java SDK, with a caller key sent as
 * the SDK sends it ({@code x-api-key}): while the Anthropic provider fails, its clients
 * are answered by the others, in Anthropic's format, and raise the SDK's usual
 * exceptions.
 */
// Run by their own Surefire execution, on the SDKs' JSON Schema generator (see the pom).
@Tag("official-sdk")
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "demo", "secured" })
class GatewayAnthropicSdkTests extends DemoAppTests {

	private static final Tool GET_WEATHER = Tool.builder()
		.name("get_weather")
		.description("The weather in a city")
		.inputSchema(Tool.InputSchema.builder()
			.properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
			.required(List.of("city"))
			.build())
		.build();

	@LocalServerPort
	private int port;

	private AnthropicClient client;

	@BeforeEach
	void connect() {
		this.client = AnthropicOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.apiKey(TestCredentials.TEAM_KEY)
			.maxRetries(0)
			.build();
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	private void anthropicFails() {
		this.simulators.find("anthropic").orElseThrow().setFault(Fault.SERVER_ERROR, null);
	}

	private static MessageCreateParams.Builder params(String prompt) {
		return MessageCreateParams.builder()
			.model("claude-haiku-4-5")
			.maxTokens(200)
			.system("Be brief.")
			.addUserMessage(prompt);
	}

	@Test
	void answersAMessageWhileTheAnthropicProviderFails() {
		anthropicFails();
		HttpResponseFor<Message> response = this.client.messages()
			.withRawResponse()
			.create(params("Why do circuit breakers help?").build());
		assertThat(response.headers().values("X-Provider")).containsAnyOf("openai", "local")
			.doesNotContain("anthropic");
		Message message = response.parse();
		assertThat(message.content()).hasSize(1);
		assertThat(message.content().get(0).text().orElseThrow().text()).contains("Why do circuit breakers help?");
		assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
		assertThat(message.model().asString()).isIn("gpt-4o-mini", "llama3.2");
		assertThat(message.usage().outputTokens()).isPositive();
		assertThat(message.id()).startsWith("msg_");
	}

	@Test
	void streamsEventsTheSdkAccumulatesWhileTheAnthropicProviderFails() {
		anthropicFails();
		MessageAccumulator accumulator = MessageAccumulator.create();
		List<String> types;
		try (StreamResponse<RawMessageStreamEvent> stream = this.client.messages()
			.createStreaming(params("Count to five").build())) {
			types = stream.stream().map(accumulator::accumulate).map(GatewayAnthropicSdkTests::type).toList();
		}
		// The SDK drops pings; MessagesEndpointTests sees them.
		assertThat(types).startsWith("message_start", "content_block_start", "content_block_delta")
			.endsWith("content_block_stop", "message_delta", "message_stop");
		Message message = accumulator.message();
		assertThat(message.content().get(0).text().orElseThrow().text()).contains("Count to five");
		assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
		assertThat(message.usage().outputTokens()).isPositive();
	}

	@Test
	void aToolUseIsAnsweredWithItsResultAcrossProvidersOfOtherFormats() {
		// Only OpenAI works: the tool call is made in OpenAI's format.
		anthropicFails();
		this.simulators.find("local").orElseThrow().setFault(Fault.SERVER_ERROR, null);
		MessageCreateParams.Builder params = params("What is the weather in Paris?").addTool(GET_WEATHER);
		HttpResponseFor<Message> first = this.client.messages().withRawResponse().create(params.build());
		assertThat(first.headers().values("X-Provider")).containsExactly("openai");
		Message message = first.parse();
		assertThat(message.stopReason()).hasValue(StopReason.TOOL_USE);
		ToolUseBlock call = toolUse(message);
		assertThat(call.name()).isEqualTo("get_weather");
		assertThat(call._input().toString()).contains("Paris");

		// OpenAI breaks, Ollama is back: the result goes to Ollama, paired by id.
		resetDemo();
		this.simulators.find("openai").orElseThrow().setFault(Fault.SERVER_ERROR, null);
		anthropicFails();
		params.addMessage(message)
			.addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
					ToolResultBlockParam.builder().toolUseId(call.id()).content("{\"celsius\":21}").build())));
		HttpResponseFor<Message> second = this.client.messages().withRawResponse().create(params.build());
		assertThat(second.headers().values("X-Provider")).containsExactly("local");
		Message answer = second.parse();
		assertThat(answer.stopReason()).hasValue(StopReason.END_TURN);
		assertThat(answer.content().get(0).text().orElseThrow().text()).contains("{\"celsius\":21}");
	}

	@Test
	void streamsAToolUseAsInputJsonDeltas() {
		anthropicFails();
		this.simulators.find("local").orElseThrow().setFault(Fault.SERVER_ERROR, null);
		MessageAccumulator accumulator = MessageAccumulator.create();
		try (StreamResponse<RawMessageStreamEvent> stream = this.client.messages()
			.createStreaming(params("What is the weather in Rome?").addTool(GET_WEATHER).build())) {
			stream.stream().forEach(accumulator::accumulate);
		}
		Message message = accumulator.message();
		assertThat(message.stopReason()).hasValue(StopReason.TOOL_USE);
		ToolUseBlock call = toolUse(message);
		assertThat(call.id()).isNotBlank();
		assertThat(call.name()).isEqualTo("get_weather");
		assertThat(call._input().toString()).contains("Rome");
	}

	@Test
	void structuredOutputIsReadIntoARecord() {
		anthropicFails();
		StructuredMessage<Animal> message = this.client.messages()
			.create(MessageCreateParams.builder()
				.model("claude-haiku-4-5")
				.maxTokens(200)
				.addUserMessage("Describe a cat.")
				.outputConfig(Animal.class)
				.build());
		Animal animal = message.content()
			.stream()
			.flatMap((block) -> block.text().stream())
			.findFirst()
			.orElseThrow()
			.text();
		assertThat(animal.legs()).isEqualTo(42);
		assertThat(animal.name()).containsAnyOf("openai", "local");
	}

	@Test
	void anInvalidRequestRaisesBadRequestInAnthropicsShape() {
		MessageCreateParams params = params("hi").maxTokens(0).build();
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> this.client.messages().create(params))
			.satisfies((ex) -> {
				assertThat(ex.statusCode()).isEqualTo(400);
				assertThat(ex.body().toString()).contains("invalid_request_error").contains("max_tokens");
			});
	}

	@Test
	void whenNoProviderCanAnswerTheSdkSeesA503WithRetryAfter() {
		this.simulators.all().forEach((simulator) -> simulator.setFault(Fault.OVERLOADED, null));
		assertThatExceptionOfType(ServiceUnavailableException.class)
			.isThrownBy(() -> this.client.messages().create(params("hi").build()))
			.satisfies((ex) -> {
				assertThat(ex.body().toString()).contains("overloaded_error");
				assertThat(ex.headers().values("Retry-After")).hasSize(1);
			});
	}

	@Test
	void aWrongKeyRaisesTheSdksUnauthorizedException() {
		AnthropicClient wrong = AnthropicOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.apiKey("sk-ant-not-a-gateway-key")
			.maxRetries(0)
			.build();
		try {
			assertThatExceptionOfType(UnauthorizedException.class)
				.isThrownBy(() -> wrong.messages().create(params("hi").build()))
				.satisfies((ex) -> assertThat(ex.body().toString()).contains("authentication_error"));
		}
		finally {
			wrong.close();
		}
	}

	@Test
	void listsTheModelsInAnthropicsShape() {
		assertThat(this.client.models().list().data()).extracting((model) -> model.id())
			.contains("gpt-4o-mini", "claude-haiku-4-5", "llama3.2");
	}

	private static ToolUseBlock toolUse(Message message) {
		return message.content().stream().flatMap((block) -> block.toolUse().stream()).findFirst().orElseThrow();
	}

	private static String type(RawMessageStreamEvent event) {
		return event.isMessageStart() ? "message_start" : event.isContentBlockStart() ? "content_block_start"
				: event.isContentBlockDelta() ? "content_block_delta" : event.isContentBlockStop()
						? "content_block_stop"
						: event.isMessageDelta() ? "message_delta" : event.isMessageStop() ? "message_stop" : "other";
	}

	/** Structured output as a record. */
	public record Animal(String name, int legs) {
	}

}
