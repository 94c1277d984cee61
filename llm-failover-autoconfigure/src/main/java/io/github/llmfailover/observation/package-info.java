/**
 * Observation of requests and attempts: their contexts, the conventions that name and tag
 * them, and the token usage handler.
 */
@NullMarked
package io.github.llmfailover.observation;

import org.jspecify.annotations.NullMarked;
