package io.github.llmfailover.provider;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Tool-call ids that survive a change of provider. Each format gets ids in the form it
 * accepts; the mapping is a pure function of the id, so that a call and its result, sent
 * in the same request, keep their pairing.
 */
public final class ToolCallIds {

	private static final Pattern SAFE = Pattern.compile("[a-zA-Z0-9_-]{1,40}");

	private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		.toCharArray();

	private ToolCallIds() {
	}

	/**
	 * An id for a call a provider made without one (Ollama).
	 * @return a new id, unique with overwhelming probability
	 */
	public static String generate() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		char[] id = new char[29];
		"call_".getChars(0, 5, id, 0);
		for (int i = 5; i < id.length; i++) {
			id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
		}
		return new String(id);
	}

	/**
	 * The id in a form every provider accepts: letters, digits, {@code _} and {@code -}
	 * (Anthropic's rule), at most 40 characters (OpenAI's). An id already in that form is
	 * kept; another is cleaned and given a hash of the original, so that two ids do not
	 * become one.
	 * @param id the id as another provider made it
	 * @return the portable id
	 */
	public static String portable(String id) {
		if (SAFE.matcher(id).matches()) {
			return id;
		}
		String hash = Integer.toHexString(id.hashCode());
		String cleaned = id.replaceAll("[^a-zA-Z0-9_-]", "_");
		int keep = Math.min(cleaned.length(), 40 - hash.length() - 1);
		return cleaned.substring(0, keep) + "_" + hash;
	}

}
