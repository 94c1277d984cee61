package io.github.llmfailover.sample.gateway;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ContentTooLargeException;

import io.github.llmfailover.chat.AllProvidersFailedException;
import io.github.llmfailover.chat.FailoverTimeoutException;
import io.github.llmfailover.chat.LlmFailoverException;
import io.github.llmfailover.chat.NoProviderAvailableException;
import io.github.llmfailover.chat.ProviderRequestException;
import io.github.llmfailover.chat.ResponseTooLargeException;
import io.github.llmfailover.chat.UnsupportedRequestException;
import io.github.llmfailover.sample.chat.RequestSizeLimit;
import io.github.llmfailover.sample.chat.StreamResponses;

/**
 * The gateway's errors in OpenAI's shape, {@code {"error": {message, type, param,
 * code}}}, with the statuses that make OpenAI SDKs raise their usual exceptions and retry
 * as they should: 400 for a bad request, 404 {@code model_not_found} for a model no model
 * group serves, 413 for a body over the server's limit, 502 (not to be retried) for an
 * answer over the provider's limit, 503 with {@code Retry-After} when no provider can
 * answer, 504 when the deadline passed.
 */
// Before Boot's problem-details handler, which would answer Spring's own exceptions
// (ContentTooLargeException) in its generic shape.
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = { ChatCompletionsController.class, ResponsesController.class })
class OpenAiErrors {

	private static final String RESPONSE_TOO_LARGE = "response_too_large";

	private final RequestSizeLimit sizeLimit;

	OpenAiErrors(RequestSizeLimit sizeLimit) {
		this.sizeLimit = sizeLimit;
	}

	@ExceptionHandler
	ResponseEntity<String> badRequest(GatewayRequestException ex) {
		return respond(new Error(400, ex.getMessage(), "invalid_request_error", ex.param(), null, "none", null));
	}

	@ExceptionHandler
	ResponseEntity<String> modelNotFound(ModelNotFoundException ex) {
		return respond(
				new Error(404, ex.getMessage(), "invalid_request_error", "model", "model_not_found", "none", null));
	}

	@ExceptionHandler
	ResponseEntity<String> tooLarge(ContentTooLargeException ex) {
		return respond(new Error(413, this.sizeLimit.message(), "invalid_request_error", null, "request_too_large",
				"none", null));
	}

	@ExceptionHandler
	ResponseEntity<String> failover(LlmFailoverException ex) {
		return respond(describe(ex));
	}

	static Error describe(Throwable error) {
		if (error instanceof ProviderRequestException rejected) {
			return new Error(400, rejected.providerMessage(), "invalid_request_error", null, "rejected_by_provider",
					rejected.provider(), null);
		}
		if (error instanceof UnsupportedRequestException unsupported) {
			return new Error(400, unsupported.getMessage(), "invalid_request_error", null, "unsupported_by_providers",
					"none", null);
		}
		if (error instanceof NoProviderAvailableException none) {
			return new Error(503, none.getMessage(), "server_error", null, "no_provider_available", "none",
					none.retryAfter());
		}
		if (error instanceof AllProvidersFailedException failed) {
			return new Error(503, failed.getMessage(), "server_error", null, "all_providers_failed", "none",
					failed.retryAfter());
		}
		if (error instanceof ResponseTooLargeException tooLarge) {
			// A 5xx that OpenAI SDKs must not retry: the same answer would come back.
			return new Error(502, tooLarge.getMessage(), "server_error", null, RESPONSE_TOO_LARGE, tooLarge.provider(),
					null);
		}
		if (error instanceof FailoverTimeoutException timeout) {
			return new Error(504, timeout.getMessage(), "server_error", null, "timeout", "none", null);
		}
		String message = (error instanceof LlmFailoverException failure) ? failure.getMessage() : "The provider failed";
		return new Error(502, message, "server_error", null, "provider_error", "none", null);
	}

	static ObjectNode body(Error error) {
		ObjectNode body = CompletionResponses.JSON.createObjectNode();
		body.putObject("error")
			.put("message", error.message())
			.put("type", error.type())
			.put("param", error.param())
			.put("code", error.code());
		return body;
	}

	private static ResponseEntity<String> respond(Error error) {
		return respond(error, body(error).toString());
	}

	/**
	 * An error's response: its status, {@code X-Provider}, and the headers that tell SDKs
	 * whether and when to retry ({@code x-should-retry}, {@code Retry-After}), which
	 * OpenAI's and Anthropic's SDKs both honour.
	 * @param error the error
	 * @param body the body in the caller's API's shape
	 * @return the response
	 */
	static ResponseEntity<String> respond(Error error, String body) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(error.status())
			.contentType(MediaType.APPLICATION_JSON)
			.header(StreamResponses.PROVIDER_HEADER, error.provider());
		if (RESPONSE_TOO_LARGE.equals(error.code())) {
			// OpenAI SDKs retry a 5xx unless told not to; the same answer would come
			// back.
			response.header("x-should-retry", "false");
		}
		if (error.retryAfter() != null) {
			response.header(HttpHeaders.RETRY_AFTER,
					Long.toString(Math.max(1, (error.retryAfter().toMillis() + 999) / 1000)));
		}
		return response.body(body);
	}

	/**
	 * An error as OpenAI reports it.
	 *
	 * @param status the HTTP status
	 * @param message what is wrong
	 * @param type the error type
	 * @param param the request parameter at fault
	 * @param code a machine-readable code
	 * @param provider the provider that answered, or {@code none}
	 * @param retryAfter when to retry
	 */
	record Error(int status, String message, String type, @Nullable String param, @Nullable String code,
			String provider, @Nullable Duration retryAfter) {
	}

}
