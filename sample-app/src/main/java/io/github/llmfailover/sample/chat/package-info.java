/**
 * The {@code /chat} and {@code /chat/stream} endpoints.
 */
@NullMarked
package io.github.llmfailover.sample.chat;

import org.jspecify.annotations.NullMarked;
