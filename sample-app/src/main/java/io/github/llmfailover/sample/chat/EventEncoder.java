package io.github.llmfailover.sample.chat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.codec.ServerSentEvent;

/**
 * Writes server-sent events as Spring's {@code ServerSentEventHttpMessageWriter} does
 * (the same fields, a {@code data:} line per line of data, data that is not text as
 * JSON), but several events into one piece of UTF-8.
 */
final class EventEncoder {

	private static final byte[] NOTHING = {};

	private final JsonMapper json;

	EventEncoder(JsonMapper json) {
		this.json = json;
	}

	byte[] encode(List<ServerSentEvent<?>> events) {
		if (events.isEmpty()) {
			return NOTHING;
		}
		StringBuilder text = new StringBuilder(128 * events.size());
		for (ServerSentEvent<?> event : events) {
			text.append(event.format());
			Object data = event.data();
			if (data != null) {
				appendData((data instanceof String string) ? string : this.json.writeValueAsString(data), text);
				text.append('\n');
			}
			text.append('\n');
		}
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	/** Each line break of the data starts another {@code data:} line. */
	private static void appendData(String data, StringBuilder text) {
		if (data.indexOf('\n') < 0 && data.indexOf('\r') < 0) {
			text.append(data);
			return;
		}
		for (int i = 0; i < data.length(); i++) {
			char c = data.charAt(i);
			if (c == '\r' || c == '\n') {
				if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
					i++;
				}
				text.append("\ndata:");
			}
			else {
				text.append(c);
			}
		}
	}

}
