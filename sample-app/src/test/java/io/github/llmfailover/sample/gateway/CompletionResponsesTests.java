package io.github.llmfailover.sample.gateway;

import java.util.BitSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.llmfailover.chat.ChatChunk;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text chunks written from a template are the chunks the tree would write.
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

}
