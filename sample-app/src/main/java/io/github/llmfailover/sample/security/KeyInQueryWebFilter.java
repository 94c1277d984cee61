package io.github.llmfailover.sample.security;

import java.util.Locale;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses a request that carries a credential in its query string ({@code ?api_key=},
 * {@code ?access_token=}, ...), whatever the key: URLs end up in access logs, browser
 * history and proxies, so a key sent there must not be accepted (and should be replaced).
 * Runs first in the security chain.
 */
final class KeyInQueryWebFilter implements WebFilter {

	private static final Log logger = LogFactory.getLog(KeyInQueryWebFilter.class);

	private static final Set<String> CREDENTIAL_PARAMETERS = Set.of("key", "api_key", "api-key", "apikey",
			"access_token", "token", "authorization", "bearer");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		for (String parameter : exchange.getRequest().getQueryParams().keySet()) {
			if (CREDENTIAL_PARAMETERS.contains(parameter.toLowerCase(Locale.ROOT))) {
				// The path only: the query holds the key.
				logger
					.info("Refused " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath().value()
							+ ": credential in query parameter '" + parameter + "'");
				return CallerErrors.keyInQuery(exchange, parameter);
			}
		}
		return chain.filter(exchange);
	}

}
