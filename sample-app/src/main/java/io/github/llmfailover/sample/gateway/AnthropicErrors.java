package io.github.llmfailover.sample.gateway;

import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ContentTooLargeException;

import io.github.llmfailover.chat.LlmFailoverException;
import io.github.llmfailover.sample.chat.RequestSizeLimit;

/**
 * The errors of {@code /v1/messages} in Anthropic's shape, {@code {"type": "error",
 * "error": {"type", "message"}}}, with the same statuses and retry headers as the
 * OpenAI-compatible endpoints (see {@link OpenAiErrors}), so that Anthropic's SDKs raise
 * their usual exceptions and retry as they should.
 */
// Before Boot's problem-details handler, which would answer Spring's own exceptions
// (ContentTooLargeException) in its generic shape.
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = MessagesController.class)
class AnthropicErrors {

	private final RequestSizeLimit sizeLimit;

	AnthropicErrors(RequestSizeLimit sizeLimit) {
		this.sizeLimit = sizeLimit;
	}

	@ExceptionHandler
	ResponseEntity<String> badRequest(GatewayRequestException ex) {
		return respond(
				new OpenAiErrors.Error(400, ex.getMessage(), "invalid_request_error", ex.param(), null, "none", null));
	}

	@ExceptionHandler
	ResponseEntity<String> modelNotFound(ModelNotFoundException ex) {
		return respond(new OpenAiErrors.Error(404, ex.getMessage(), "not_found_error", "model", null, "none", null));
	}

	@ExceptionHandler
	ResponseEntity<String> tooLarge(ContentTooLargeException ex) {
		return respond(
				new OpenAiErrors.Error(413, this.sizeLimit.message(), "request_too_large", null, null, "none", null));
	}

	@ExceptionHandler
	ResponseEntity<String> failover(LlmFailoverException ex) {
		return respond(OpenAiErrors.describe(ex));
	}

	private static ResponseEntity<String> respond(OpenAiErrors.Error error) {
		return OpenAiErrors.respond(error, body(error).toString());
	}

	static ObjectNode body(OpenAiErrors.Error error) {
		ObjectNode body = CompletionResponses.JSON.createObjectNode().put("type", "error");
		body.putObject("error").put("type", type(error.status())).put("message", error.message());
		return body;
	}

	/**
	 * Anthropic's error type for a status.
	 * @param status the HTTP status
	 * @return the type its SDKs expect with it
	 */
	static String type(int status) {
		return switch (status) {
			case 400 -> "invalid_request_error";
			case 401 -> "authentication_error";
			case 403 -> "permission_error";
			case 404 -> "not_found_error";
			case 413 -> "request_too_large";
			case 429 -> "rate_limit_error";
			case 503, 529 -> "overloaded_error";
			case 504 -> "timeout_error";
			default -> "api_error";
		};
	}

}
