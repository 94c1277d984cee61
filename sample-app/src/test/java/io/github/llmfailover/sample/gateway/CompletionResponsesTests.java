package io.github.llmfailover.sample.gateway;

import java.util.BitSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import io.github.llmfailover.chat.ChatChunk;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text and role chunks written from a template are the chunks the tree would write.
 */
class CompletionResponsesTests {

	@ParameterizedTest
	@ValueSource(strings = { "Hello", " world", "a \"quoted\" word", "line\nbreak\ttab\\backslash", "\u0000",
			"é ü 中文 🙂", "</script>", "\"content\":\"\\u0000\"" })
	void textChunkIsTheTreeChunk(String text) {
		CompletionResponses responses = new CompletionResponses();
		String model = "model \"with\" \u0000 quotes";
		String tree = responses.chunk(new ChatChunk("a", text, null, null), model, new BitSet()).toString();
		assertThat(responses.textChunk(model, text)).isEqualTo(tree);
		// The template is built once per answer: the next chunk reuses it.
		assertThat(responses.textChunk(model, text + "!"))
			.isEqualTo(responses.chunk(new ChatChunk("a", text + "!", null, null), model, new BitSet()).toString());
	}

	@Test
	void roleChunkIsTheTextChunkWithTheRoleBeforeAnEmptyContent() {
		CompletionResponses responses = new CompletionResponses();
		String model = "model \"content\":\"\u0000\"";
		String role = responses.roleChunk(model);
		assertThat(role).isEqualTo(responses.textChunk(model, "")
			.replace("\"delta\":{\"content\":\"\"}", "\"delta\":{\"role\":\"assistant\",\"content\":\"\"}"));
		JsonNode delta = CompletionResponses.JSON.readTree(role).path("choices").path(0).path("delta");
		assertThat(delta.path("role").asString()).isEqualTo("assistant");
		assertThat(delta.path("content").asString()).isEmpty();
		assertThat(CompletionResponses.JSON.readTree(role).path("model").asString()).isEqualTo(model);
	}

}
