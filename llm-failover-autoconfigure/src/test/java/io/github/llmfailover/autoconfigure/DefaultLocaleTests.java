package io.github.llmfailover.autoconfigure;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.MeterRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.llmfailover.chat.AttemptOutcome;
import io.github.llmfailover.chat.ChatMessage;
import io.github.llmfailover.chat.ChatRequest;
import io.github.llmfailover.chat.ChatResponse;
import io.github.llmfailover.chat.FailoverChatClient;
import io.github.llmfailover.chat.FinishReason;
import io.github.llmfailover.observation.RequestOutcome;
import io.github.llmfailover.test.TestAutoConfigurations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Nothing that goes on the wire or into a metric depends on the JVM's default locale. In
 * Turkish, {@code "ASSISTANT".toLowerCase()} is {@code "assıstant"} (dotless i): a
 * provider answers that role with a 400, which would stop the request as the caller's
 * error, and tag values would change with the machine.
 */
class DefaultLocaleTests {

	private static final Locale TURKISH = Locale.forLanguageTag("tr-TR");

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
			+ "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
			+ "\"content\":\"Fine.\"},\"finish_reason\":\"stop\"}],"
			+ "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}";

	private final MockWebServer server = new MockWebServer();

	private Locale previous;

	@BeforeEach
	void turkish() throws Exception {
		this.previous = Locale.getDefault();
		Locale.setDefault(TURKISH);
		this.server.start();
	}

	@AfterEach
	void restore() {
		Locale.setDefault(this.previous);
		this.server.close();
	}

	@Test
	void anAssistantTurnIsSentAsAssistantAndTheAttemptIsTaggedInAscii() throws Exception {
		this.server.enqueue(new MockResponse.Builder().code(429)
			.addHeader("Content-Type", "application/json")
			.body("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}")
			.build());
		this.server.enqueue(new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body(COMPLETION)
			.build());
		ChatRequest conversation = ChatRequest.builder()
			.system("Be brief.")
			.user("Hi")
			.assistant("Hello!")
			.user("How are you?")
			.build();
		runner().run((context) -> {
			ChatResponse response = context.getBean(FailoverChatClient.class).chat(conversation).block(LIMIT);
			assertThat(response.content()).isEqualTo("Fine.");
			for (int i = 0; i < 2; i++) {
				assertThat(roles(this.server.takeRequest())).isEqualTo("system,user,assistant,user");
			}
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("llm.failover.attempts")
				.tags("provider", "openai", "outcome", "rate_limited")
				.timer()
				.count()).isEqualTo(1);
			assertThat(meters.get("llm.failover.requests")
				.tags("provider", "openai", "outcome", "success")
				.timer()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void wireValuesTagsAndMessagesAreTheSameInEveryLocale() {
		assertThat(FinishReason.CONTENT_FILTER.openAiValue()).isEqualTo("content_filter");
		assertThat(AttemptOutcome.CIRCUIT_OPEN.tagValue()).isEqualTo("circuit_open");
		assertThat(RequestOutcome.INTERRUPTED.tagValue()).isEqualTo("interrupted");
		assertThatIllegalArgumentException().isThrownBy(() -> new ChatMessage(ChatMessage.Role.ASSISTANT, ""))
			.withMessage("The content of a assistant message must not be empty");
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.FAILOVER)
			.withConfiguration(TestAutoConfigurations.METRICS)
			.withPropertyValues("llm.failover.backoff.initial=10ms", "llm.failover.providers.openai.type=openai",
					"llm.failover.providers.openai.base-url=" + this.server.url("/v1"),
					"llm.failover.providers.openai.api-key=sk-test", "llm.failover.providers.openai.model=gpt-4o-mini");
	}

	private static String roles(RecordedRequest request) {
		JsonNode messages = JSON.readTree(request.getBody().utf8()).get("messages");
		StringBuilder roles = new StringBuilder();
		messages
			.forEach((message) -> roles.append((roles.length() > 0) ? "," : "").append(message.get("role").asString()));
		return roles.toString();
	}

}
