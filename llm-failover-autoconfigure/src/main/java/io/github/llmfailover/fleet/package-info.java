/**
 * Fleet mode: the instances of an application share what takes providers in and out of
 * rotation (open circuits, {@code Retry-After} cooldowns, operator changes) and count
 * rate limits together, through the application's own Redis. It plugs into routing
 * through {@link io.github.llmfailover.routing.ProviderStateListener} and
 * {@link io.github.llmfailover.routing.ProviderRateLimiter}; when Redis cannot be
 * reached, every instance carries on with its own state.
 */
@NullMarked
package io.github.llmfailover.fleet;

import org.jspecify.annotations.NullMarked;
