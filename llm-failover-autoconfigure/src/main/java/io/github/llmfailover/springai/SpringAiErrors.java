package io.github.llmfailover.springai;

import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import io.github.llmfailover.provider.ProviderException;
import io.github.llmfailover.provider.ProviderSettings;
import io.github.llmfailover.provider.RetryHints;

/**
 * Classifies what a Spring AI model threw with the rules of the HTTP adapters, by finding
 * the HTTP status underneath: Spring's {@code WebClientResponseException} and
 * {@code RestClientResponseException} and the service exceptions of the OpenAI and
 * Anthropic Java SDKs that Spring AI 2.0's modules use (each with the answer's retry
 * headers, {@code Retry-After}, {@code retry-after-ms} and {@code x-should-retry}), and
 * the {@code "<status> - <body>"} message of Spring AI's {@code NonTransientAiException}
 * and {@code TransientAiException}. Without a status, a transient exception is retried
 * like a 5xx, a non-transient one fails over like a 401. Connection failures stay as they
 * are.
 */
final class SpringAiErrors {

	private static final String TRANSIENT = "org.springframework.ai.retry.TransientAiException";

	private static final String NON_TRANSIENT = "org.springframework.ai.retry.NonTransientAiException";

	/**
	 * The official SDKs' exceptions that carry the HTTP status as {@code statusCode()}.
	 */
	private static final Set<String> SDK_SERVICE_EXCEPTIONS = Set.of("com.openai.errors.OpenAIServiceException",
			"com.anthropic.errors.AnthropicServiceException");

	/** How Spring AI's default response error handler words an error status. */
	private static final Pattern STATUS_MESSAGE = Pattern.compile("^\\s*(\\d{3})\\s+-\\s+(.*)$", Pattern.DOTALL);

	private static final int MAX_DEPTH = 10;

	private SpringAiErrors() {
	}

	static Throwable translate(ProviderSettings settings, Throwable error) {
		Throwable current = error;
		for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
			Throwable known = known(settings, current);
			if (known != null) {
				return known;
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return error;
	}

	private static @Nullable Throwable known(ProviderSettings settings, Throwable error) {
		String name = settings.name();
		if (error instanceof WebClientResponseException response) {
			return status(settings, response.getStatusCode().value(), response.getResponseBodyAsString(),
					response.getHeaders());
		}
		if (error instanceof RestClientResponseException response) {
			HttpHeaders headers = response.getResponseHeaders();
			return status(settings, response.getStatusCode().value(), response.getResponseBodyAsString(),
					(headers != null) ? headers : HttpHeaders.EMPTY);
		}
		if (error instanceof IOException) {
			return error;
		}
		int sdkStatus = sdkStatus(error);
		if (sdkStatus > 0) {
			String message = error.getMessage();
			return status(settings, sdkStatus, (message != null) ? message : "", sdkHeaders(error));
		}
		boolean transientError = isA(error, TRANSIENT);
		if (transientError || isA(error, NON_TRANSIENT)) {
			String message = settings.redact(error.getMessage());
			Matcher status = STATUS_MESSAGE.matcher(message);
			if (status.matches()) {
				return ProviderException.errorStatus(name, Integer.parseInt(status.group(1)), status.group(2), null,
						null, null);
			}
			return ProviderException.errorStatus(name, 0, message, null, null, transientError ? Boolean.TRUE : null);
		}
		return null;
	}

	private static ProviderException status(ProviderSettings settings, int status, String body, HttpHeaders headers) {
		return ProviderException.errorStatus(settings.name(), status,
				settings.redact(body.isBlank() ? "HTTP " + status : body), null,
				RetryHints.retryAfter(headers, Clock.systemUTC()), RetryHints.shouldRetry(headers));
	}

	private static int sdkStatus(Throwable error) {
		for (Class<?> type = error.getClass(); type != null; type = type.getSuperclass()) {
			if (SDK_SERVICE_EXCEPTIONS.contains(type.getName())) {
				try {
					return (error.getClass().getMethod("statusCode").invoke(error) instanceof Integer status) ? status
							: 0;
				}
				catch (ReflectiveOperationException | RuntimeException ex) {
					return 0;
				}
			}
		}
		return 0;
	}

	/**
	 * The headers of an SDK's error answer ({@code headers()}, whose {@code names()} and
	 * {@code values(name)} both SDKs have), for the retry hints in them.
	 */
	private static HttpHeaders sdkHeaders(Throwable error) {
		HttpHeaders result = new HttpHeaders();
		try {
			Object headers = error.getClass().getMethod("headers").invoke(error);
			Method values = headers.getClass().getMethod("values", String.class);
			for (Object name : (Iterable<?>) headers.getClass().getMethod("names").invoke(headers)) {
				for (Object value : (Iterable<?>) values.invoke(headers, name)) {
					result.add((String) name, (String) value);
				}
			}
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			// An SDK version without these: the status alone still classifies the error.
		}
		return result;
	}

	private static boolean isA(Throwable error, String className) {
		for (Class<?> type = error.getClass(); type != null; type = type.getSuperclass()) {
			if (type.getName().equals(className)) {
				return true;
			}
		}
		return false;
	}

}
