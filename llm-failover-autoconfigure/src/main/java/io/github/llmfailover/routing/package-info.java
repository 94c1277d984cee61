/**
 * Routing between providers: choosing one by priority and weight, retrying, breaking
 * circuits, cooling down, and the registry operators read and steer.
 */
@NullMarked
package io.github.llmfailover.routing;

import org.jspecify.annotations.NullMarked;
