/**
 * The demo profile: simulated providers in the real wire formats, chaos controls and demo
 * traffic.
 */
@NullMarked
package io.github.llmfailover.sample.demo;

import org.jspecify.annotations.NullMarked;
