package io.github.llmfailover.sample;

import java.util.ArrayList;
import java.util.List;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;

import io.github.llmfailover.sample.demo.Fault;
import io.github.llmfailover.sample.security.TestCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The gateway through the official OpenAI Java SDK, with a caller key: the client users
 * already have just works, and raises its usual exceptions.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "demo", "secured" })
class GatewayOpenAiSdkTests extends OpenAiSdkTests {

	@Override
	protected String apiKey() {
		return TestCredentials.TEAM_KEY;
	}

	private static ChatCompletionCreateParams.Builder params() {
		return ChatCompletionCreateParams.builder()
			.model("gpt-4o-mini")
			.addSystemMessage("Be brief.")
			.addUserMessage("Why do circuit breakers help?")
			.maxCompletionTokens(100);
	}

	@Test
	void completesAChat() {
		ChatCompletion completion = this.client.chat().completions().create(params().build());
		assertThat(completion.choices()).hasSize(1);
		assertThat(completion.choices().get(0).message().content())
			.hasValueSatisfying((content) -> assertThat(content).contains("Why do circuit breakers help?"));
		assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
		assertThat(completion.model()).isIn("gpt-4o-mini", "claude-haiku-4-5");
		assertThat(completion.usage()).hasValueSatisfying((usage) -> assertThat(usage.totalTokens()).isPositive());
	}

	@Test
	void namesTheProviderInAHeaderOfTheRawResponse() {
		this.simulators.find("openai").orElseThrow().setFault(Fault.SERVER_ERROR, null);
		HttpResponseFor<ChatCompletion> response = this.client.chat()
			.completions()
			.withRawResponse()
			.create(params().build());
		assertThat(response.headers().values("X-Provider")).containsExactly("anthropic");
		assertThat(response.parse().model()).isEqualTo("claude-haiku-4-5");
	}

	@Test
	void streamsWithUsage() {
		List<ChatCompletionChunk> chunks = new ArrayList<>();
		ChatCompletionCreateParams params = params()
			.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
			.build();
		try (StreamResponse<ChatCompletionChunk> stream = this.client.chat().completions().createStreaming(params)) {
			stream.stream().forEach(chunks::add);
		}
		StringBuilder text = new StringBuilder();
		chunks.stream()
			.flatMap((chunk) -> chunk.choices().stream())
			.forEach((choice) -> choice.delta().content().ifPresent(text::append));
		assertThat(text.toString()).contains("Why do circuit breakers help?");
		assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
		ChatCompletionChunk last = chunks.get(chunks.size() - 1);
		assertThat(last.choices()).isEmpty();
		assertThat(last.usage()).hasValueSatisfying((usage) -> assertThat(usage.completionTokens()).isPositive());
		assertThat(chunks).anySatisfy((chunk) -> assertThat(chunk.choices()).anySatisfy(
				(choice) -> assertThat(choice.finishReason()).hasValue(ChatCompletionChunk.Choice.FinishReason.STOP)));
	}

	@Test
	void anUpstreamBadRequestRaisesTheSdksBadRequestExceptionWithTheProvidersMessage() {
		this.simulators.find("openai").orElseThrow().setFault(Fault.BAD_REQUEST, null);
		this.simulators.find("anthropic").orElseThrow().setFault(Fault.BAD_REQUEST, null);
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.client.chat().completions().create(params().build()))
			.satisfies((ex) -> {
				assertThat(ex.statusCode()).isEqualTo(400);
				assertThat(ex.getMessage()).contains("(simulated)");
			});
	}

	@Test
	void anInvalidRequestRaisesBadRequestNamingTheParam() {
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model("gpt-4o-mini")
			.addUserMessage("hi")
			.temperature(7.0)
			.build();
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.client.chat().completions().create(params))
			.satisfies((ex) -> assertThat(ex.body().toString()).contains("temperature"));
	}

	@Test
	void whenNoProviderCanAnswerTheSdkSeesA503WithRetryAfter() {
		this.simulators.all().forEach((simulator) -> simulator.setFault(Fault.OVERLOADED, null));
		assertThatExceptionOfType(OpenAIServiceException.class)
			.isThrownBy(() -> this.client.chat().completions().create(params().build()))
			.satisfies((ex) -> {
				assertThat(ex).isInstanceOf(InternalServerException.class);
				assertThat(ex.statusCode()).isEqualTo(503);
				assertThat(ex.headers().values("Retry-After")).hasSize(1);
			});
	}

	@Test
	void aWrongKeyRaisesTheSdksUnauthorizedException() {
		// Shares the client's connections, closed with it.
		OpenAIClient wrong = this.client.withOptions((options) -> options.apiKey("sk-not-a-gateway-key"));
		assertThatExceptionOfType(UnauthorizedException.class)
			.isThrownBy(() -> wrong.chat().completions().create(params().build()))
			.satisfies((ex) -> assertThat(ex.statusCode()).isEqualTo(401));
	}

	@Test
	void listsTheModels() {
		assertThat(this.client.models().list().data()).extracting((model) -> model.id())
			.contains("gpt-4o-mini", "claude-haiku-4-5", "llama3.2");
	}

}
