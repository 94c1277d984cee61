package io.github.llmfailover.sample.chat;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * How large a request body the chat endpoints read: the server codecs' buffer limit,
 * {@code spring.http.codecs.max-in-memory-size}, which this app raises to fit
 * long-context prompts. Spring answers a longer body with a
 * {@link org.springframework.web.server.ContentTooLargeException}; each endpoint turns it
 * into a 413 of its own error shape with {@link #message()}.
 */
@Component
public class RequestSizeLimit {

	/** The property that sets the limit. */
	public static final String PROPERTY = "spring.http.codecs.max-in-memory-size";

	private final String configured;

	private final DataSize limit;

	RequestSizeLimit(@Value("${" + PROPERTY + ":256KB}") String configured) {
		this.configured = configured.strip();
		this.limit = DataSize.parse(this.configured);
	}

	/**
	 * The limit.
	 * @return the largest body read
	 */
	public DataSize limit() {
		return this.limit;
	}

	/**
	 * What a client whose body was too large is told.
	 * @return the message, naming the limit and the property that sets it
	 */
	public String message() {
		return "The request body is larger than " + this.configured + ", the limit of this server (" + PROPERTY
				+ "); send a shorter prompt, or raise the limit.";
	}

}
