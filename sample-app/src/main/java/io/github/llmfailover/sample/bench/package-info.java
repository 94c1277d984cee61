/**
 * A plain relay used as the baseline of the gateway benchmark.
 */
@NullMarked
package io.github.llmfailover.sample.bench;

import org.jspecify.annotations.NullMarked;
