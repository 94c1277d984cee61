/**
 * Actuator support: the {@code llmproviders} endpoint and health contributor, which read
 * and steer routing through its public API.
 */
@NullMarked
package io.github.llmfailover.actuate;

import org.jspecify.annotations.NullMarked;
