package io.github.llmfailover.sample.demo;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a simulated provider misbehaves, each in its provider's real wire format.
 */
public enum Fault {

	/** Answers normally. */
	NONE,

	/** 500 with the provider's error body. */
	SERVER_ERROR,

	/** Overloaded: 503 (OpenAI, Ollama) or 529 (Anthropic). */
	OVERLOADED,

	/** 429 with a {@code Retry-After}. */
	RATE_LIMITED,

	/** 400: the provider rejects the request itself (no failover). */
	BAD_REQUEST,

	/** Accepts the request and never answers (released on reset; bounded). */
	HANG,

	/** Answers ten times slower. */
	SLOW,

	/** Stops listening: connections are refused. */
	REFUSE,

	/** Streams a few tokens, then drops the connection. */
	BREAK_MID_STREAM,

	/** Resets the TCP connection as soon as the request arrives. */
	RESET,

	/** Sends the answer, or a stream's first token, only after three seconds. */
	SLOW_FIRST_TOKEN,

	/** 500 with a body that is not JSON (a proxy's HTML page). */
	GARBAGE_500,

	/** 200, then the body (or a stream's first frame) cut in the middle. */
	TRUNCATED,

	/**
	 * 200 with an error inside: an error body, or a stream whose first event is an error.
	 */
	ERROR_EVENT;

	/**
	 * The fault named in kebab or snake case, any letter case.
	 * @param name the name, e.g. {@code rate-limited}
	 * @return the fault
	 * @throws IllegalArgumentException naming the valid faults
	 */
	public static Fault parse(String name) {
		String normalized = name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
		try {
			return valueOf(normalized);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Unknown fault '" + name + "'; use one of: " + names());
		}
	}

	public static String names() {
		return Arrays.stream(values()).map(Fault::displayName).collect(Collectors.joining(", "));
	}

	public String displayName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
