package io.github.llmfailover.sample;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

import io.github.llmfailover.sample.demo.Fault;

import static io.github.llmfailover.sample.ServerSentEvents.data;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/responses} over raw HTTP: the event sequence with its sequence numbers, and
 * what the stateless gateway refuses, in OpenAI's error shape naming the param.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class ResponsesEndpointTests extends GatewayEndpointTests {

	ResponsesEndpointTests() {
		super("/v1/responses");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`',
			textBlock = """
					`{"model": "m"}`                                                           | input | Missing required parameter: 'input'
					`{"input": "hi", "previous_response_id": "resp_1"}`                        | previous_response_id | send the whole conversation
					`{"input": "hi", "store": true}`                                           | store | needs responses kept on the server
					`{"input": "hi", "background": true}`                                      | background | needs responses kept on the server
					`{"input": "hi", "conversation": "conv_1"}`                                | conversation | needs responses kept on the server
					`{"input": [{"type": "item_reference", "id": "msg_1"}]}`                   | input[0].type | item references need items stored
					`{"input": [{"type": "reasoning", "id": "rs_1", "summary": []}]}`          | input[0].type | input items of type 'reasoning'
					`{"input": "hi", "tools": [{"type": "web_search"}]}`                       | tools[0].type | hosted tools
					`{"input": "hi", "tools": [{"type": "file_search", "vector_store_ids": ["v"]}]}` | tools[0].type | hosted tools
					`{"input": "hi", "tool_choice": {"type": "web_search_preview"}}`           | tool_choice | must be 'none', 'auto', 'required'
					`{"input": [{"role": "user", "content": [{"type": "input_file", "file_id": "f"}]}]}` | input[0].content[0].type | 'input_file'
					`{"input": [{"role": "user", "content": [{"type": "input_image", "file_id": "f"}]}]}` | input[0].content[0].image_url | Files API
					`{"input": "hi", "text": {"verbosity": "low"}}`                            | text.verbosity | not supported
					`{"input": "hi", "text": {"format": {"type": "json_schema", "name": "r", "schema": [1]}}}` | text.format | must be a JSON Schema object
					`{"input": "hi", "reasoning": {"effort": "high"}}`                         | reasoning | not supported
					`{"input": "hi", "max_output_tokens": 0}`                                  | max_output_tokens | positive integer
					`{"input": [{"type": "function_call_output", "call_id": "nope", "output": "r"}]}` | input | answers no unanswered call
					""")
	void invalidRequestsGet400InOpenAisShapeNamingTheParam(String body, String param, String message) {
		post(body).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.error.type")
			.isEqualTo("invalid_request_error")
			.jsonPath("$.error.param")
			.isEqualTo(param)
			.jsonPath("$.error.message")
			.value((String text) -> assertThat(text).contains(message));
	}

	@Test
	void streamsTextAsTheResponsesEventSequenceNumberedFromZero() {
		List<ServerSentEvent<String>> events = stream(
				"{\"model\":\"m\",\"stream\":true,\"instructions\":\"Be brief.\",\"input\":\"Count to five\"}");
		List<String> types = events.stream().map(ServerSentEvent::event).distinct().toList();
		assertThat(types).containsExactly("response.created", "response.in_progress", "response.output_item.added",
				"response.content_part.added", "response.output_text.delta", "response.output_text.done",
				"response.content_part.done", "response.output_item.done", "response.completed");
		for (int i = 0; i < events.size(); i++) {
			JsonNode data = data(events.get(i));
			assertThat(data.path("type").asString()).isEqualTo(events.get(i).event());
			assertThat(data.path("sequence_number").asInt()).isEqualTo(i);
		}
		JsonNode completed = data(events.get(events.size() - 1)).path("response");
		assertThat(completed.path("status").asString()).isEqualTo("completed");
		assertThat(completed.path("instructions").asString()).isEqualTo("Be brief.");
		assertThat(completed.path("output").get(0).path("content").get(0).path("text").asString())
			.contains("Count to five");
		assertThat(completed.path("usage").path("output_tokens").asInt()).isPositive();
	}

	@Test
	void aWholeAnswerWithFunctionCallsFromEveryProviderType() {
		String tool = "{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
				+ "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}";
		for (String provider : List.of("openai", "anthropic", "local")) {
			onlyWorking(provider);
			post("{\"model\":\"m\",\"input\":\"Weather in Oslo?\",\"tools\":[" + tool + "]}").expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("X-Provider", provider)
				.expectBody()
				.jsonPath("$.output[?(@.type == 'function_call')].name")
				.isEqualTo("get_weather")
				.jsonPath("$.output[?(@.type == 'function_call')].arguments")
				.value((List<String> arguments) -> assertThat(arguments.get(0)).contains("Oslo"))
				.jsonPath("$.tools[0].name")
				.isEqualTo("get_weather");
		}
	}

	@Test
	void aStreamBrokenAfterItsFirstTokenEndsWithAnErrorEvent() {
		this.simulators.all().forEach((simulator) -> simulator.setFault(Fault.BREAK_MID_STREAM, null));
		List<ServerSentEvent<String>> events = stream("{\"stream\":true,\"input\":\"Count to five\"}");
		ServerSentEvent<String> last = events.get(events.size() - 1);
		assertThat(last.event()).isEqualTo("error");
		assertThat(data(last).path("message").asString()).contains("broke after");
		assertThat(data(last).path("sequence_number").asInt()).isEqualTo(events.size() - 1);
		assertThat(events).extracting(ServerSentEvent::event).doesNotContain("response.completed");
	}

}
