package io.github.llmfailover.sample.security;

import java.util.List;

/**
 * The plain keys and passwords whose hashes {@code application-secured.yml} (test
 * resources) configures.
 */
public final class TestCredentials {

	/** Key {@code team-a}, unlimited. */
	public static final String TEAM_KEY = "gw-test-team-a-7f3c9a";

	/** Key {@code limited}: 5 requests per minute. */
	public static final String LIMITED_KEY = "gw-test-limited-5b1e";

	/** User {@code ops}, role operator. */
	public static final String OPERATOR_PASSWORD = "ops-pass-4471";

	/** User {@code root}, role admin. */
	public static final String ADMIN_PASSWORD = "root-pass-9921";

	/** Every secret, for checks that none leaks. */
	public static final List<String> SECRETS = List.of(TEAM_KEY, LIMITED_KEY, OPERATOR_PASSWORD, ADMIN_PASSWORD);

	private TestCredentials() {
	}

}
