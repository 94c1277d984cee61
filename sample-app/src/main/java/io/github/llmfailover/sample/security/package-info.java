/**
 * Security of the sample app as a gateway: caller keys, per-key rate limits and actuator
 * roles.
 */
@NullMarked
package io.github.llmfailover.sample.security;

import org.jspecify.annotations.NullMarked;
