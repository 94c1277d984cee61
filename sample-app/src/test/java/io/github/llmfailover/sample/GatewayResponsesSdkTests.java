package io.github.llmfailover.sample;

import java.util.ArrayList;
import java.util.List;

import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.StructuredResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;

import io.github.llmfailover.sample.GatewayToolsTests.Animal;
import io.github.llmfailover.sample.GatewayToolsTests.GetWeather;
import io.github.llmfailover.sample.demo.Fault;
import io.github.llmfailover.sample.security.TestCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code /v1/responses} through the official OpenAI Java SDK's Responses API, with a
 * caller key: while the OpenAI provider fails, the others answer in the Responses shapes
 * and events the SDK reads and accumulates.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "demo", "secured" })
class GatewayResponsesSdkTests extends OpenAiSdkTests {

	@Override
	protected String apiKey() {
		return TestCredentials.TEAM_KEY;
	}

	private void openAiFails() {
		this.simulators.find("openai").orElseThrow().setFault(Fault.SERVER_ERROR, null);
	}

	private static ResponseCreateParams.Builder params(String input) {
		return ResponseCreateParams.builder()
			.model("gpt-4o-mini")
			.instructions("Be brief.")
			.input(input)
			.maxOutputTokens(200);
	}

	private static String text(Response response) {
		StringBuilder text = new StringBuilder();
		response.output()
			.stream()
			.flatMap((item) -> item.message().stream())
			.flatMap((message) -> message.content().stream())
			.flatMap((content) -> content.outputText().stream())
			.forEach((part) -> text.append(part.text()));
		return text.toString();
	}

	private static ResponseFunctionToolCall call(Response response) {
		return response.output().stream().flatMap((item) -> item.functionCall().stream()).findFirst().orElseThrow();
	}

	@Test
	void answersWhileTheOpenAiProviderFails() {
		openAiFails();
		HttpResponseFor<Response> raw = this.client.responses()
			.withRawResponse()
			.create(params("Why do circuit breakers help?").build());
		assertThat(raw.headers().values("X-Provider")).containsAnyOf("anthropic", "local").doesNotContain("openai");
		Response response = raw.parse();
		assertThat(response.id()).startsWith("resp_");
		assertThat(response.status()).hasValue(ResponseStatus.COMPLETED);
		assertThat(text(response)).contains("Why do circuit breakers help?");
		assertThat(response.model().asString()).isIn("claude-haiku-4-5", "llama3.2");
		assertThat(response.instructions()).isPresent();
		assertThat(response.usage()).hasValueSatisfying((usage) -> assertThat(usage.outputTokens()).isPositive());
	}

	@Test
	void streamsTheEventSequenceTheSdkAccumulatesWhileTheOpenAiProviderFails() {
		openAiFails();
		ResponseAccumulator accumulator = ResponseAccumulator.createWithSnapshots();
		List<ResponseStreamEvent> events = new ArrayList<>();
		try (StreamResponse<ResponseStreamEvent> stream = this.client.responses()
			.createStreaming(params("Count to five").build())) {
			stream.stream().map(accumulator::accumulate).forEach(events::add);
		}
		assertThat(events.get(0).isCreated()).isTrue();
		assertThat(events.get(1).isInProgress()).isTrue();
		assertThat(events.get(2).isOutputItemAdded()).isTrue();
		assertThat(events.get(3).isContentPartAdded()).isTrue();
		assertThat(events.get(4).isOutputTextDelta()).isTrue();
		assertThat(events.get(events.size() - 1).isCompleted()).isTrue();
		assertThat(events).anyMatch(ResponseStreamEvent::isOutputTextDone)
			.anyMatch(ResponseStreamEvent::isContentPartDone)
			.anyMatch(ResponseStreamEvent::isOutputItemDone);
		Response response = accumulator.response();
		assertThat(text(response)).contains("Count to five");
		assertThat(response.usage()).hasValueSatisfying((usage) -> assertThat(usage.outputTokens()).isPositive());
		// Rebuilt from the deltas alone, the response is the same: no event is missing.
		assertThat(text(accumulator.reconstructedResponse())).isEqualTo(text(response));
	}

	@Test
	void aFunctionCallRoundTripAcrossProvidersOfOtherFormats() {
		// Only Anthropic works: the call is made in Anthropic's format.
		openAiFails();
		this.simulators.find("local").orElseThrow().setFault(Fault.SERVER_ERROR, null);
		HttpResponseFor<Response> first = this.client.responses()
			.withRawResponse()
			.create(params("What is the weather in Paris?").addTool(GetWeather.class).build());
		assertThat(first.headers().values("X-Provider")).containsExactly("anthropic");
		ResponseFunctionToolCall call = call(first.parse());
		assertThat(call.name()).isEqualTo("GetWeather");
		assertThat(call.arguments(GetWeather.class).city).contains("Paris");

		// Anthropic breaks, Ollama is back: the output goes to Ollama, paired by call id.
		resetDemo();
		openAiFails();
		this.simulators.find("anthropic").orElseThrow().setFault(Fault.SERVER_ERROR, null);
		List<ResponseInputItem> input = List.of(
				ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
					.role(EasyInputMessage.Role.USER)
					.content("What is the weather in Paris?")
					.build()),
				ResponseInputItem.ofFunctionCall(call),
				ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
					.callId(call.callId())
					.output("{\"celsius\":21}")
					.build()));
		HttpResponseFor<Response> second = this.client.responses()
			.withRawResponse()
			.create(ResponseCreateParams.builder()
				.model("gpt-4o-mini")
				.inputOfResponse(input)
				.addTool(GetWeather.class)
				.build());
		assertThat(second.headers().values("X-Provider")).containsExactly("local");
		assertThat(text(second.parse())).contains("{\"celsius\":21}");
	}

	@Test
	void streamsAFunctionCallAsArgumentDeltas() {
		openAiFails();
		this.simulators.find("local").orElseThrow().setFault(Fault.SERVER_ERROR, null);
		ResponseAccumulator accumulator = ResponseAccumulator.createWithSnapshots();
		List<ResponseStreamEvent> events = new ArrayList<>();
		try (StreamResponse<ResponseStreamEvent> stream = this.client.responses()
			.createStreaming(params("What is the weather in Rome?").addTool(GetWeather.class).build())) {
			stream.stream().map(accumulator::accumulate).forEach(events::add);
		}
		assertThat(events).anyMatch(ResponseStreamEvent::isFunctionCallArgumentsDelta)
			.anyMatch(ResponseStreamEvent::isFunctionCallArgumentsDone);
		ResponseFunctionToolCall call = call(accumulator.response());
		assertThat(call.name()).isEqualTo("GetWeather");
		assertThat(call.arguments(GetWeather.class).city).contains("Rome");
		assertThat(call(accumulator.reconstructedResponse()).arguments()).isEqualTo(call.arguments());
	}

	@Test
	void structuredOutputIsReadIntoARecord() {
		openAiFails();
		StructuredResponse<Animal> response = this.client.responses()
			.create(ResponseCreateParams.builder()
				.model("gpt-4o-mini")
				.input("Describe a cat.")
				.text(Animal.class)
				.build());
		Animal animal = response.output()
			.stream()
			.flatMap((item) -> item.message().stream())
			.flatMap((message) -> message.content().stream())
			.flatMap((content) -> content.outputText().stream())
			.findFirst()
			.orElseThrow();
		assertThat(animal.legs()).isEqualTo(42);
		assertThat(animal.name()).containsAnyOf("anthropic", "local");
	}

	@Test
	void serverStateIsRefusedWithBadRequestNamingTheField() {
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.client.responses().create(params("hi").previousResponseId("resp_123").build()))
			.satisfies((ex) -> assertThat(ex.body().toString()).contains("previous_response_id")
				.contains("invalid_request_error"));
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.client.responses().create(params("hi").store(true).build()))
			.satisfies((ex) -> assertThat(ex.body().toString()).contains("param=store"));
	}

	@Test
	void anOutputItemOfTheResponseIsAcceptedBackAsInput() {
		openAiFails();
		Response first = this.client.responses().create(params("Say hello").build());
		List<ResponseInputItem> input = new ArrayList<>();
		input.add(ResponseInputItem.ofEasyInputMessage(
				EasyInputMessage.builder().role(EasyInputMessage.Role.USER).content("Say hello").build()));
		first.output()
			.stream()
			.flatMap((item) -> item.message().stream())
			.map(ResponseInputItem::ofResponseOutputMessage)
			.forEach(input::add);
		input.add(ResponseInputItem.ofEasyInputMessage(
				EasyInputMessage.builder().role(EasyInputMessage.Role.USER).content("And again").build()));
		Response second = this.client.responses()
			.create(ResponseCreateParams.builder().model("gpt-4o-mini").inputOfResponse(input).build());
		assertThat(second.output()).extracting(ResponseOutputItem::isMessage).containsExactly(true);
		assertThat(text(second)).contains("And again");
	}

}
