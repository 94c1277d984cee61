/**
 * A WebFlux application that shows and exercises the failover starter.
 */
@NullMarked
package io.github.llmfailover.sample;

import org.jspecify.annotations.NullMarked;
