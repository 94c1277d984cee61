package io.github.llmfailover.sample.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * The configured caller keys, known only by their SHA-256 hashes. A presented key is
 * hashed and compared with every configured hash in constant time, all of them every
 * time, so that neither the answer nor its timing tells an unknown key from a wrong one.
 */
final class CallerKeys {

	private final List<NamedHash> hashes;

	private CallerKeys(List<NamedHash> hashes) {
		this.hashes = hashes;
	}

	/**
	 * The keys of the configuration, already validated.
	 * @param keys the configured keys by name
	 * @return the keys
	 */
	static CallerKeys of(Map<String, GatewaySecurityProperties.Key> keys) {
		return new CallerKeys(keys.entrySet()
			.stream()
			.map((entry) -> new NamedHash(entry.getKey(), HexFormat.of().parseHex(entry.getValue().getSha256())))
			.toList());
	}

	boolean isEmpty() {
		return this.hashes.isEmpty();
	}

	/**
	 * The name of the key, or {@code null} when no configured key matches.
	 * @param key the key a caller presented
	 * @return its name
	 */
	@Nullable String nameOf(String key) {
		byte[] hash = sha256(key);
		String match = null;
		for (NamedHash candidate : this.hashes) {
			// No early exit: every request compares against every hash.
			if (MessageDigest.isEqual(candidate.hash(), hash) && match == null) {
				match = candidate.name();
			}
		}
		return match;
	}

	/**
	 * Authenticate a presented key: a {@link CallerKeyAuthentication} naming the key, or
	 * a {@link BadCredentialsException} that is the same for an unknown and a wrong key.
	 * @param authentication the presented key
	 * @return the authenticated caller
	 */
	Mono<Authentication> authenticate(Authentication authentication) {
		Object credentials = authentication.getCredentials();
		String name = (credentials instanceof String key) ? nameOf(key) : null;
		return (name != null) ? Mono.just(CallerKeyAuthentication.authenticated(name))
				: Mono.error(new BadCredentialsException("Invalid API key"));
	}

	static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	private record NamedHash(String name, byte[] hash) {
	}

}
