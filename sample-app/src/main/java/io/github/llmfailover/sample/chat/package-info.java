/**
 * The {@code /chat} and {@code /chat/stream} endpoints, and {@code /spring-ai/chat} and
 * {@code /spring-ai/chat/stream}, the same through Spring AI's {@code ChatClient} with a
 * tool.
 */
@NullMarked
package io.github.llmfailover.sample.chat;

import org.jspecify.annotations.NullMarked;
