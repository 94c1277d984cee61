package io.github.llmfailover.sample;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

import io.github.llmfailover.routing.ProviderChange;
import io.github.llmfailover.sample.demo.Fault;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's errors in OpenAI's shape, over raw HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class GatewayErrorTests extends GatewayEndpointTests {

	GatewayErrorTests() {
		super("/v1/chat/completions");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`',
			textBlock = """
					`{"messages": `                                                   |                      | could not parse the JSON body
					`{"model": "m"}`                                                  | messages             | Missing required parameter: 'messages'
					`{"messages": "hi"}`                                              | messages             | must be a non-empty array
					`{"messages": [{"role": "tool", "content": "x"}]}`                | messages[0].tool_call_id | Missing required parameter
					`{"messages": [{"role": "bot", "content": "x"}]}`                 | messages[0].role     | must be one of
					`{"messages": [{"role": "user", "content": 5}]}`                  | messages[0].content  | non-empty string
					`{"messages": [{"role": "system", "content": "x"}]}`              | messages             | at least one user message
					`{"messages": [{"role": "user", "content": "x"}], "max_tokens": 0}` | max_tokens         | positive integer
					`{"messages": [{"role": "user", "content": "x"}], "stream": "yes"}` | stream             | must be a boolean
					`{"messages": [{"role": "user", "content": "x"}], "tools": [{"type": "custom"}]}` | tools[0].type | Only tools of type 'function'
					`{"messages": [{"role": "user", "content": "x"}], "tools": [{"type": "function", "function": {"name": "t", "parameters": {"type": "array"}}}]}` | tools[0].function | must describe an object
					`{"messages": [{"role": "user", "content": "x"}], "frequency_penalty": 0.5}` | frequency_penalty | only its default value
					`{"messages": [{"role": "user", "content": "x"}], "logprobs": true}` | logprobs          | not supported
					`{"messages": [{"role": "user", "content": "x"}], "response_format": {"type": "json_schema", "json_schema": {"name": "r", "schema": [1]}}}` | response_format | must be a JSON Schema object
					`{"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "t", "arguments": "{\\\"a\\\":"}}]}, {"role": "tool", "tool_call_id": "c1", "content": "r"}]}` | messages | not valid JSON
					`{"messages": [{"role": "user", "content": "x"}, {"role": "tool", "tool_call_id": "nope", "content": "r"}]}` | messages | answers no unanswered call
					`{"messages": [{"role": "user", "content": [{"type": "input_audio", "input_audio": {}}]}]}` | messages[0].content[0].type | not supported
					`{"messages": [{"role": "user", "content": "x"}], "n": 2}`        | n                    | 'n' is not supported
					""")
	void invalidRequestsGet400InOpenAisShapeNamingTheParam(String body, String param, String message) {
		post(body).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectHeader()
			.exists("X-Provider")
			.expectBody()
			.jsonPath("$.error.type")
			.isEqualTo("invalid_request_error")
			.jsonPath("$.error.message")
			.value((String text) -> assertThat(text).contains(message))
			.jsonPath("$.error.param")
			.value((Object value) -> assertThat(String.valueOf(value)).isEqualTo((param != null) ? param : "null"));
	}

	@Test
	void neutralValuesOfFieldsTheGatewayCannotHonourAreAccepted() {
		post("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"frequency_penalty\":0,\"presence_penalty\":0,"
				+ "\"logprobs\":false,\"n\":1,\"store\":false,\"stop\":[\"END\"],\"top_p\":0.9}")
			.expectStatus()
			.isOk();
	}

	@Test
	void unknownFieldsAndContentPartsAreAccepted() {
		post("{\"model\":\"any\",\"user\":\"u1\",\"seed\":3,\"messages\":["
				+ "{\"role\":\"developer\",\"content\":\"Be brief.\"},"
				+ "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello \"},{\"type\":\"text\",\"text\":\"there\"}]}]}")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.choices[0].message.content")
			.value((String content) -> assertThat(content).contains("hello there"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			/v1/chat/completions | `{"messages":[{"role":"user","content":"x"}]}`
			/v1/responses        | `{"input":"x"}`
			""")
	void nothingInRotationIs503WithRetryAfter(String path, String body) {
		changeAll(this.providers, ProviderChange.enabled(false));
		this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.error.code")
			.isEqualTo("no_provider_available");
	}

	@Test
	void aStreamBrokenAfterItsFirstTokenEndsWithAnErrorChunkAndDone() {
		this.simulators.find("openai").orElseThrow().setFault(Fault.BREAK_MID_STREAM, null);
		this.simulators.find("anthropic").orElseThrow().setFault(Fault.BREAK_MID_STREAM, null);
		List<ServerSentEvent<String>> events = post(
				"{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody()
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
		assertThat(events.get(events.size() - 2).data()).contains("\"error\"").contains("broke after");
	}

}
