package io.github.llmfailover.sample.security;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Adds the caller key's name to {@code http.server.requests} as the {@code key} tag
 * ({@code none} when the request had none), so that traffic, latency and errors can be
 * read per caller. Names are few and configured, so the tag stays low-cardinality.
 */
final class CallerKeyObservationConvention extends DefaultServerRequestObservationConvention {

	static final String TAG = "key";

	private static final KeyValue NONE = KeyValue.of(TAG, "none");

	CallerKeyObservationConvention(String name) {
		super(name);
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
		Object key = context.getAttributes().get(CallerKeyWebFilter.KEY_NAME_ATTRIBUTE);
		return super.getLowCardinalityKeyValues(context).and((key != null) ? KeyValue.of(TAG, key.toString()) : NONE);
	}

}
