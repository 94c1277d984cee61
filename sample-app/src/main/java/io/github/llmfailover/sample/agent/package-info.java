/**
 * The demo's agent loop: built-in tools run between turns that any provider may serve.
 */
@NullMarked
package io.github.llmfailover.sample.agent;

import org.jspecify.annotations.NullMarked;
