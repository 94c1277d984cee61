package io.github.llmfailover.sample.security;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may use the gateway: caller keys for {@code /v1/**} and {@code /chat/**}, operators
 * for the actuator, and whether the gateway may run open.
 */
@ConfigurationProperties("gateway")
public class GatewaySecurityProperties {

	/**
	 * Whether requests without a caller key are served. Without any key configured, the
	 * gateway refuses to start unless this is true. A key that is sent is still checked
	 * when keys are configured, and ignored when none is.
	 */
	private boolean allowAnonymous;

	/**
	 * Roles a request without credentials gets on the actuator and the demo controls. The
	 * demo profile, bound to 127.0.0.1, grants operator and admin so that the dashboard
	 * works without a login.
	 */
	private Set<Role> anonymousRoles = EnumSet.noneOf(Role.class);

	/**
	 * Who may scrape /actuator/prometheus: operator (HTTP basic, like the rest of the
	 * actuator) or open (anyone who can reach it).
	 */
	private PrometheusAccess prometheusAccess = PrometheusAccess.OPERATOR;

	/**
	 * Caller keys by name. The name appears in logs and as the {@code key} tag of
	 * {@code http.server.requests}; the key itself only as its SHA-256 hash.
	 */
	private Map<String, Key> keys = new LinkedHashMap<>();

	/**
	 * Actuator users by name, authenticated with HTTP basic.
	 */
	private Map<String, Operator> operators = new LinkedHashMap<>();

	public boolean isAllowAnonymous() {
		return this.allowAnonymous;
	}

	public void setAllowAnonymous(boolean allowAnonymous) {
		this.allowAnonymous = allowAnonymous;
	}

	public Set<Role> getAnonymousRoles() {
		return this.anonymousRoles;
	}

	public void setAnonymousRoles(Set<Role> anonymousRoles) {
		this.anonymousRoles = anonymousRoles;
	}

	public PrometheusAccess getPrometheusAccess() {
		return this.prometheusAccess;
	}

	public void setPrometheusAccess(PrometheusAccess prometheusAccess) {
		this.prometheusAccess = prometheusAccess;
	}

	public Map<String, Key> getKeys() {
		return this.keys;
	}

	public void setKeys(Map<String, Key> keys) {
		this.keys = keys;
	}

	public Map<String, Operator> getOperators() {
		return this.operators;
	}

	public void setOperators(Map<String, Operator> operators) {
		this.operators = operators;
	}

	/**
	 * What an actuator user may do.
	 */
	public enum Role {

		/** Read the actuator: providers, metrics, Prometheus. */
		OPERATOR,

		/** Also steer: write to {@code /actuator/llmproviders} and the demo controls. */
		ADMIN

	}

	/**
	 * Who may scrape {@code /actuator/prometheus}.
	 */
	public enum PrometheusAccess {

		/** Operators and admins, with HTTP basic. */
		OPERATOR,

		/** Anyone who can reach the port. */
		OPEN

	}

	/**
	 * One caller key.
	 */
	public static class Key {

		/**
		 * SHA-256 of the key, 64 hex digits (printf %s "$KEY" | sha256sum). The key
		 * itself never appears in configuration.
		 */
		private @Nullable String sha256;

		/**
		 * Requests per minute this key may make (a token bucket: bursts up to the limit,
		 * refilled evenly). Unlimited when not set.
		 */
		private @Nullable Integer requestsPerMinute;

		public @Nullable String getSha256() {
			return this.sha256;
		}

		public void setSha256(@Nullable String sha256) {
			this.sha256 = sha256;
		}

		public @Nullable Integer getRequestsPerMinute() {
			return this.requestsPerMinute;
		}

		public void setRequestsPerMinute(@Nullable Integer requestsPerMinute) {
			this.requestsPerMinute = requestsPerMinute;
		}

	}

	/**
	 * One actuator user.
	 */
	public static class Operator {

		/**
		 * The password, encoded with its id prefix as Spring Security's
		 * DelegatingPasswordEncoder reads it, e.g. {bcrypt}$2y$10$...; plain and {noop}
		 * passwords are refused.
		 */
		private @Nullable String password;

		/**
		 * The user's roles; admin includes operator.
		 */
		private Set<Role> roles = EnumSet.of(Role.OPERATOR);

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public Set<Role> getRoles() {
			return this.roles;
		}

		public void setRoles(Set<Role> roles) {
			this.roles = roles;
		}

	}

}
