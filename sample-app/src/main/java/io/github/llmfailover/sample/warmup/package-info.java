/**
 * Warming the request path before the application reports ready: a throwaway instance of
 * the app, in the same JVM, on its simulated providers, under traffic.
 */
@NullMarked
package io.github.llmfailover.sample.warmup;

import org.jspecify.annotations.NullMarked;
