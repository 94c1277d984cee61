package io.github.llmfailover.sample.gateway;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids of the gateway's answers and their parts, in each API's style ({@code chatcmpl-},
 * {@code resp_}, {@code msg_}, ...).
 */
final class ResponseIds {

	private ResponseIds() {
	}

	static String next(String prefix) {
		// An identifier, not a secret: UUID.randomUUID() would take SecureRandom's global
		// lock and a read of /dev/urandom on every answer (seen in the gateway
		// benchmark's profile).
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return prefix + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
	}

}
