package io.github.llmfailover.sample.chat;

/**
 * A chat request the application cannot accept; names the field at fault.
 */
public class InvalidChatRequestException extends RuntimeException {

	private final String field;

	public InvalidChatRequestException(String field, String message) {
		super(message);
		this.field = field;
	}

	/**
	 * The field at fault, or {@code body} for the request body as a whole.
	 * @return the field
	 */
	public String field() {
		return this.field;
	}

}
