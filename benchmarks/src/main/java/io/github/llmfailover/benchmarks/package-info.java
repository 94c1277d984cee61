/**
 * JMH benchmarks of what the failover layer costs on the happy path.
 */
@NullMarked
package io.github.llmfailover.benchmarks;

import org.jspecify.annotations.NullMarked;
