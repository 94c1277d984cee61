package io.github.llmfailover.sample;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.StructuredChatCompletion;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import io.github.llmfailover.sample.demo.Fault;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tool calling and structured output through the gateway with the official OpenAI Java
 * SDK: tool calls whole and streamed, a call made by one provider answered by another of
 * another wire format, and structured output read into a record.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class GatewayToolsTests extends OpenAiSdkTests {

	@Test
	void aToolCallMadeByOneProviderIsAnsweredByAnotherOfAnotherFormat() {
		ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
			.model("gpt-4o-mini")
			.addUserMessage("What is the weather in Paris?")
			.addTool(GetWeather.class);
		// Only the Anthropic simulator works: the call is made in Anthropic's format.
		this.simulators.find("openai").orElseThrow().setFault(Fault.SERVER_ERROR, null);
		this.simulators.find("local").orElseThrow().setFault(Fault.SERVER_ERROR, null);
		HttpResponseFor<ChatCompletion> first = this.client.chat()
			.completions()
			.withRawResponse()
			.create(params.build());
		assertThat(first.headers().values("X-Provider")).containsExactly("anthropic");
		ChatCompletion completion = first.parse();
		assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
		ChatCompletionMessage message = completion.choices().get(0).message();
		List<ChatCompletionMessageToolCall> calls = message.toolCalls().orElseThrow();
		assertThat(calls).hasSize(1);
		ChatCompletionMessageFunctionToolCall call = calls.get(0).asFunction();
		assertThat(call.function().name()).isEqualTo("GetWeather");
		assertThat(call.function().arguments(GetWeather.class).city).contains("Paris");

		// Anthropic breaks, OpenAI is back: the result goes to OpenAI, paired by id.
		resetDemo();
		this.simulators.find("anthropic").orElseThrow().setFault(Fault.SERVER_ERROR, null);
		this.simulators.find("local").orElseThrow().setFault(Fault.SERVER_ERROR, null);
		params.addMessage(message)
			.addMessage(
					ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("{\"celsius\":21}").build());
		HttpResponseFor<ChatCompletion> second = this.client.chat()
			.completions()
			.withRawResponse()
			.create(params.build());
		assertThat(second.headers().values("X-Provider")).containsExactly("openai");
		ChatCompletion answer = second.parse();
		assertThat(answer.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
		assertThat(answer.choices().get(0).message().content())
			.hasValueSatisfying((content) -> assertThat(content).contains("openai").contains("{\"celsius\":21}"));
	}

	@Test
	void streamsToolCallsAsIndexDeltasThatTheSdkAccumulates() {
		for (String provider : List.of("openai", "anthropic", "local")) {
			onlyWorking(provider);
			ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
			ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
				.model("gpt-4o-mini")
				.addUserMessage("What is the weather in Rome?")
				.addTool(GetWeather.class)
				.build();
			try (StreamResponse<ChatCompletionChunk> stream = this.client.chat()
				.completions()
				.createStreaming(params)) {
				stream.stream().forEach(accumulator::accumulate);
			}
			ChatCompletion completion = accumulator.chatCompletion();
			assertThat(completion.choices().get(0).finishReason()).as(provider)
				.isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
			ChatCompletionMessageFunctionToolCall call = completion.choices()
				.get(0)
				.message()
				.toolCalls()
				.orElseThrow()
				.get(0)
				.asFunction();
			assertThat(call.id()).as(provider).isNotBlank();
			assertThat(call.function().name()).isEqualTo("GetWeather");
			assertThat(call.function().arguments(GetWeather.class).city).as(provider).contains("Rome");
		}
	}

	@Test
	void structuredOutputIsReadIntoARecord() {
		for (String provider : List.of("openai", "anthropic", "local")) {
			onlyWorking(provider);
			StructuredChatCompletion<Animal> completion = this.client.chat()
				.completions()
				.create(ChatCompletionCreateParams.builder()
					.model("gpt-4o-mini")
					.addUserMessage("Describe a cat.")
					.responseFormat(Animal.class)
					.build());
			Animal animal = completion.choices().get(0).message().content().orElseThrow();
			assertThat(animal.legs()).as(provider).isEqualTo(42);
			assertThat(animal.name()).as(provider).contains(provider);
		}
	}

	/** A tool's arguments, as the SDK derives its schema. */
	public static class GetWeather {

		@JsonPropertyDescription("The city")
		public String city;

	}

	/** Structured output as a record. */
	public record Animal(String name, int legs) {
	}

}
