package io.github.llmfailover.sample;

import java.util.ArrayList;
import java.util.List;

import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.github.llmfailover.sample.demo.Fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The gateway with model groups, through the official OpenAI Java SDK: {@code model}
 * chooses the group by name or alias, a group fails over within its providers, an unknown
 * model is OpenAI's 404 {@code model_not_found}, and {@code GET /v1/models} lists the
 * groups.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "llm.failover.groups.fast.aliases=gpt-4o-mini,small",
				"llm.failover.groups.fast.providers.openai.weight=1",
				"llm.failover.groups.strong.providers.anthropic.priority=0",
				"llm.failover.groups.strong.providers.local.priority=1", "llm.failover.default-group=fast" })
@ActiveProfiles("demo")
@AutoConfigureWebTestClient
class GatewayModelGroupsTests extends OpenAiSdkTests {

	@Autowired
	private WebTestClient http;

	private static ChatCompletionCreateParams params(String model) {
		return ChatCompletionCreateParams.builder().model(model).addUserMessage("Which group?").build();
	}

	private HttpResponseFor<ChatCompletion> complete(String model) {
		return this.client.chat().completions().withRawResponse().create(params(model));
	}

	@Test
	void theModelChoosesTheGroupByNameOrAlias() {
		for (int i = 0; i < 5; i++) {
			HttpResponseFor<ChatCompletion> strong = complete("strong");
			assertThat(strong.headers().values("X-Provider")).containsExactly("anthropic");
			assertThat(strong.parse().model()).isEqualTo("claude-haiku-4-5");
			for (String fast : List.of("fast", "small", "gpt-4o-mini")) {
				HttpResponseFor<ChatCompletion> response = complete(fast);
				assertThat(response.headers().values("X-Provider")).as(fast).containsExactly("openai");
				assertThat(response.parse().model()).isEqualTo("gpt-4o-mini");
			}
		}
	}

	@Test
	void aGroupFailsOverWithinItsOwnProviders() {
		this.simulators.find("anthropic").orElseThrow().setFault(Fault.SERVER_ERROR, null);
		HttpResponseFor<ChatCompletion> strong = complete("strong");
		assertThat(strong.headers().values("X-Provider")).containsExactly("local");
		assertThat(strong.parse().model()).isEqualTo("llama3.2");
		assertThat(complete("fast").headers().values("X-Provider")).containsExactly("openai");
	}

	@Test
	void aStreamGoesToTheGroupOfItsModel() {
		List<ChatCompletionChunk> chunks = new ArrayList<>();
		try (StreamResponse<ChatCompletionChunk> stream = this.client.chat()
			.completions()
			.createStreaming(params("strong"))) {
			stream.stream().forEach(chunks::add);
		}
		assertThat(chunks).isNotEmpty().allSatisfy((chunk) -> assertThat(chunk.model()).isEqualTo("claude-haiku-4-5"));
	}

	@Test
	void anUnknownModelIsOpenAisModelNotFound() {
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> complete("gpt-5")).satisfies((ex) -> {
			assertThat(ex.statusCode()).isEqualTo(404);
			assertThat(ex.code()).hasValue("model_not_found");
			assertThat(ex.param()).hasValue("model");
			assertThat(ex.type()).hasValue("invalid_request_error");
			assertThat(ex.getMessage()).contains("'gpt-5'").contains("fast, strong");
		});
	}

	@Test
	void theResponsesApiChoosesTheGroupTheSameWay() {
		HttpResponseFor<Response> strong = this.client.responses()
			.withRawResponse()
			.create(ResponseCreateParams.builder().model("strong").input("Which group?").build());
		assertThat(strong.headers().values("X-Provider")).containsExactly("anthropic");
		assertThat(strong.parse().model().asString()).isEqualTo("claude-haiku-4-5");
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.client.responses()
				.create(ResponseCreateParams.builder().model("gpt-5").input("Which group?").build()))
			.satisfies((ex) -> assertThat(ex.code()).hasValue("model_not_found"));
	}

	@Test
	void anthropicsMessagesApiChoosesTheGroupTheSameWay() {
		messages("strong").expectStatus().isOk().expectHeader().valueEquals("X-Provider", "anthropic");
		messages("small").expectStatus().isOk().expectHeader().valueEquals("X-Provider", "openai");
		messages("gpt-5").expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("error")
			.jsonPath("$.error.type")
			.isEqualTo("not_found_error")
			.jsonPath("$.error.message")
			.isEqualTo("The model 'gpt-5' does not exist on this gateway; it serves: fast, strong");
	}

	private WebTestClient.ResponseSpec messages(String model) {
		return this.http.post()
			.uri("/v1/messages")
			.contentType(MediaType.APPLICATION_JSON)
			.header("anthropic-version", "2023-06-01")
			.bodyValue("{\"model\": \"" + model + "\", \"max_tokens\": 50, \"messages\": [{\"role\": \"user\", "
					+ "\"content\": \"Which group?\"}]}")
			.exchange();
	}

	@Test
	void theModelsAreTheGroups() {
		assertThat(this.client.models().list().data()).extracting(Model::id).containsExactly("fast", "strong");
	}

}
