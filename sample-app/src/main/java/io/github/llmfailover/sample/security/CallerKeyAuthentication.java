package io.github.llmfailover.sample.security;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * A caller of the gateway, by key: before authentication it carries the presented key,
 * after it only the key's configured name.
 */
final class CallerKeyAuthentication extends AbstractAuthenticationToken {

	private final String name;

	private final @Nullable String key;

	private CallerKeyAuthentication(String name, @Nullable String key, boolean authenticated) {
		super(authenticated ? AuthorityUtils.createAuthorityList("ROLE_CALLER") : List.of());
		this.name = name;
		this.key = key;
		setAuthenticated(authenticated);
	}

	static CallerKeyAuthentication presented(String key) {
		return new CallerKeyAuthentication("unauthenticated", key, false);
	}

	static CallerKeyAuthentication authenticated(String name) {
		return new CallerKeyAuthentication(name, null, true);
	}

	@Override
	public @Nullable Object getCredentials() {
		return this.key;
	}

	@Override
	public Object getPrincipal() {
		return this.name;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public String toString() {
		// Never the key: Spring Security logs authentications at debug level.
		return "CallerKeyAuthentication{name=" + this.name + ", authenticated=" + isAuthenticated() + "}";
	}

}
