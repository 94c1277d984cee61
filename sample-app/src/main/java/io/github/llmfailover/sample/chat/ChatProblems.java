package io.github.llmfailover.sample.chat;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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

/**
 * The chat endpoints' errors as RFC 9457 problem details: 400 for a request that cannot
 * be served (ours or the provider's verdict), 413 for a body over the server's limit, 502
 * for an answer over the provider's limit, 503 with {@code Retry-After} when no provider
 * could answer, 504 when the deadline passed.
 */
// Before Boot's problem-details handler, which would answer Spring's own exceptions
// (ContentTooLargeException) in its generic shape.
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = { ChatController.class, SpringAiChatController.class })
class ChatProblems {

	private final RequestSizeLimit sizeLimit;

	ChatProblems(RequestSizeLimit sizeLimit) {
		this.sizeLimit = sizeLimit;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalid(InvalidChatRequestException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid chat request", ex.getMessage());
		problem.setProperty("field", ex.field());
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> rejected(ProviderRequestException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Rejected by the provider", ex.providerMessage());
		problem.setProperty("provider", ex.provider());
		problem.setProperty("providerStatus", ex.status());
		problem.setProperty("attempts", ChatAnswer.AttemptView.of(ex.attempts()));
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooLarge(ContentTooLargeException ex) {
		ProblemDetail problem = problem(HttpStatus.CONTENT_TOO_LARGE, "Request too large", this.sizeLimit.message());
		problem.setProperty("limit", this.sizeLimit.limit().toBytes());
		problem.setProperty("property", RequestSizeLimit.PROPERTY);
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> answerTooLarge(ResponseTooLargeException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_GATEWAY, "Answer too large", ex.getMessage());
		problem.setProperty("provider", ex.provider());
		problem.setProperty("limit", ex.limit().toBytes());
		problem.setProperty("property", ex.property());
		problem.setProperty("attempts", ChatAnswer.AttemptView.of(ex.attempts()));
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> noProvider(NoProviderAvailableException ex) {
		return unavailable(ex, ex.retryAfter());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> allFailed(AllProvidersFailedException ex) {
		return unavailable(ex, ex.retryAfter());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> timedOut(FailoverTimeoutException ex) {
		ProblemDetail problem = problem(HttpStatus.GATEWAY_TIMEOUT, "No provider answered in time", ex.getMessage());
		problem.setProperty("attempts", ChatAnswer.AttemptView.of(ex.attempts()));
		return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> otherFailure(LlmFailoverException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_GATEWAY, "The provider failed", ex.getMessage());
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(problem);
	}

	private static ResponseEntity<ProblemDetail> unavailable(LlmFailoverException ex, Duration retryAfter) {
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "No provider available", ex.getMessage());
		problem.setProperty("attempts", ChatAnswer.AttemptView.of(ex.attempts()));
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAfter)))
			.body(problem);
	}

	/** Whole seconds, rounded up, at least one: a client must not retry at once. */
	static long retryAfterSeconds(Duration retryAfter) {
		long seconds = retryAfter.toSeconds() + ((retryAfter.toNanosPart() > 0) ? 1 : 0);
		return Math.max(1, seconds);
	}

	private static ProblemDetail problem(HttpStatus status, String title, @Nullable String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setType(URI.create("about:blank"));
		return problem;
	}

}
