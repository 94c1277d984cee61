package io.github.llmfailover.sample.security;

import java.time.Duration;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * What follows once a caller's key is accepted: its name goes on the request (for the
 * {@code key} tag of {@code http.server.requests}) and in the log, and its
 * requests-per-minute limit applies. Runs in the security chain after authorization.
 */
final class CallerKeyWebFilter implements WebFilter {

	/** The exchange attribute holding the caller key's name. */
	static final String KEY_NAME_ATTRIBUTE = CallerKeyWebFilter.class.getName() + ".key";

	private static final Log logger = LogFactory.getLog(CallerKeyWebFilter.class);

	private final RateLimits limits;

	CallerKeyWebFilter(RateLimits limits) {
		this.limits = limits;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return ReactiveSecurityContextHolder.getContext()
			.flatMap((context) -> Mono.justOrEmpty(context.getAuthentication()))
			.filter(CallerKeyAuthentication.class::isInstance)
			.map((authentication) -> Optional.of(authentication.getName()))
			.defaultIfEmpty(Optional.empty())
			.flatMap((key) -> key.isPresent() ? admit(exchange, chain, key.get()) : chain.filter(exchange));
	}

	private Mono<Void> admit(ServerWebExchange exchange, WebFilterChain chain, String key) {
		exchange.getAttributes().put(KEY_NAME_ATTRIBUTE, key);
		Duration wait = this.limits.acquire(key);
		String request = exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath().value();
		if (!wait.isZero()) {
			logger.info("Refused " + request + " with key '" + key + "': over its limit of " + this.limits.limitOf(key)
					+ " requests per minute");
			return CallerErrors.overLimit(exchange, key, this.limits.limitOf(key), wait);
		}
		if (logger.isDebugEnabled()) {
			logger.debug(request + " with key '" + key + "'");
		}
		return chain.filter(exchange);
	}

}
