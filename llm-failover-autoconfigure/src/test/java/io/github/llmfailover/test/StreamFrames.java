package io.github.llmfailover.test;

import java.util.ArrayList;
import java.util.List;

/**
 * Streams in each provider's wire format, frame by frame as they go on the wire (SSE
 * events with their blank line, NDJSON lines with their new line), following
 * {@code shared/wire-formats.md}.
 */
public final class StreamFrames {

	public static final String SSE = "text/event-stream";

	public static final String NDJSON = "application/x-ndjson";

	private StreamFrames() {
	}

	/**
	 * OpenAI chunks with the given texts, the finish chunk, the usage chunk and
	 * {@code [DONE]}.
	 */
	public static List<String> openAi(String... texts) {
		List<String> frames = new ArrayList<>();
		frames.add(openAiChunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"));
		for (String text : texts) {
			frames.add(openAiChunk("{\"content\":\"" + text + "\"}", "null"));
		}
		frames.add(openAiChunk("{}", "\"stop\""));
		frames.add(
				"data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
						+ "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":" + texts.length
						+ ",\"total_tokens\":" + (9 + texts.length) + "}}\n\n");
		frames.add("data: [DONE]\n\n");
		return frames;
	}

	public static String openAiChunk(String delta, String finishReason) {
		return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
				+ "\"model\":\"gpt-4o-mini\"," + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
				+ finishReason + "}],\"usage\":null}\n\n";
	}

	/** An error that arrives inside an OpenAI stream whose status was 200. */
	public static String openAiError(String message) {
		return "data: {\"error\":{\"message\":\"" + message + "\",\"type\":\"server_error\",\"param\":null,"
				+ "\"code\":null}}\n\n";
	}

	/** An Anthropic stream with a ping in the middle. */
	public static List<String> anthropic(String... texts) {
		List<String> frames = new ArrayList<>(anthropicStart());
		for (int i = 0; i < texts.length; i++) {
			frames.add(anthropicDelta(texts[i]));
			if (i == 0) {
				frames.add(event("ping", "{\"type\":\"ping\"}"));
			}
		}
		frames.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
		frames.add(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
				+ "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + texts.length + "}}"));
		frames.add(event("message_stop", "{\"type\":\"message_stop\"}"));
		return frames;
	}

	public static List<String> anthropicStart() {
		return List.of(
				event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
						+ "\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\",\"content\":[],\"stop_reason\":null,"
						+ "\"stop_sequence\":null,\"usage\":{\"input_tokens\":11,\"output_tokens\":1}}}"),
				event("content_block_start",
						"{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
	}

	public static String anthropicDelta(String text) {
		return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
				+ "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}");
	}

	public static String anthropicError(String type, String message) {
		return event("error",
				"{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}");
	}

	/** An Ollama NDJSON stream whose last line carries the reason and counts. */
	public static List<String> ollama(String... texts) {
		List<String> lines = new ArrayList<>();
		for (String text : texts) {
			lines.add(
					"{\"model\":\"llama3.2\",\"created_at\":\"2026-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\","
							+ "\"content\":\"" + text + "\"},\"done\":false}\n");
		}
		lines.add("{\"model\":\"llama3.2\",\"created_at\":\"2026-01-01T00:00:01Z\",\"message\":{\"role\":\"assistant\","
				+ "\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":1000,"
				+ "\"prompt_eval_count\":7,\"eval_count\":" + texts.length + "}\n");
		return lines;
	}

	public static String ollamaError(String message) {
		return "{\"error\":\"" + message + "\"}\n";
	}

	private static String event(String name, String data) {
		return "event: " + name + "\ndata: " + data + "\n\n";
	}

	/**
	 * Cut every frame in two, so that each arrives over two network writes.
	 */
	public static List<String> splitEachFrame(List<String> frames) {
		List<String> halves = new ArrayList<>();
		for (String frame : frames) {
			int middle = frame.length() / 2;
			halves.add(frame.substring(0, middle));
			halves.add(frame.substring(middle));
		}
		return halves;
	}

}
