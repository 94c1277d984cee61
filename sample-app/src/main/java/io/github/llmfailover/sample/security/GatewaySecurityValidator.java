package io.github.llmfailover.sample.security;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import io.github.llmfailover.sample.security.GatewaySecurityProperties.Key;
import io.github.llmfailover.sample.security.GatewaySecurityProperties.Operator;
import io.github.llmfailover.sample.security.InvalidGatewaySecurityException.Problem;

/**
 * Checks the {@code gateway} properties before anything is served: a gateway with no
 * caller keys runs open only when told so, keys are hashes, passwords are encoded.
 */
final class GatewaySecurityValidator {

	private static final int SHA256_HEX_LENGTH = 64;

	private final List<Problem> problems = new ArrayList<>();

	static void validate(GatewaySecurityProperties properties) {
		GatewaySecurityValidator validator = new GatewaySecurityValidator();
		validator.check(properties);
		if (!validator.problems.isEmpty()) {
			throw new InvalidGatewaySecurityException(validator.problems);
		}
	}

	private void check(GatewaySecurityProperties properties) {
		if (properties.getKeys().isEmpty() && !properties.isAllowAnonymous()) {
			this.problems.add(new Problem(
					"No caller key is configured (gateway.keys) and gateway.allow-anonymous is false: anyone who can "
							+ "reach /v1 and /chat would spend the providers' API keys.",
					"Configure a key, e.g. gateway.keys.my-team.sha256=<printf %s \"$KEY\" | sha256sum>, or set "
							+ "gateway.allow-anonymous=true to run the gateway open on purpose (behind your own "
							+ "authentication)."));
		}
		properties.getKeys().forEach(this::checkKey);
		properties.getOperators().forEach(this::checkOperator);
	}

	private void checkKey(String name, Key key) {
		String property = "gateway.keys." + name + ".sha256";
		String hash = key.getSha256();
		if (hash == null || hash.length() != SHA256_HEX_LENGTH || !isHex(hash)) {
			this.problems.add(new Problem(
					property + " is " + ((hash == null) ? "not set" : "not 64 hex digits")
							+ "; it must be the SHA-256 of the key, never the key itself.",
					"Set " + property + " to the output of: printf %s \"$KEY\" | sha256sum | cut -d' ' -f1"));
		}
		if (key.getRequestsPerMinute() != null && key.getRequestsPerMinute() < 1) {
			this.problems.add(new Problem(
					"gateway.keys." + name + ".requests-per-minute is " + key.getRequestsPerMinute()
							+ "; a limit must be at least 1.",
					"Set gateway.keys." + name + ".requests-per-minute to 1 or more, or remove it for no limit."));
		}
	}

	private static boolean isHex(String text) {
		return text.chars().allMatch((c) -> HexFormat.isHexDigit(c));
	}

	private void checkOperator(String name, Operator operator) {
		String property = "gateway.operators." + name + ".password";
		String password = operator.getPassword();
		if (password == null || !password.startsWith("{") || password.toLowerCase(Locale.ROOT).startsWith("{noop}")) {
			this.problems.add(new Problem(
					property + " is " + ((password == null) ? "not set" : "not an encoded password")
							+ "; a plain password must not be stored in the configuration.",
					"Set " + property + " to an encoded password with its id, e.g. '{bcrypt}' followed by the "
							+ "output of: htpasswd -nbBC 10 \"\" \"$PASSWORD\" | tr -d ':\\n'"));
		}
		if (operator.getRoles().isEmpty()) {
			this.problems.add(new Problem("gateway.operators." + name + ".roles is empty.",
					"Set gateway.operators." + name + ".roles to operator or admin."));
		}
	}

}
