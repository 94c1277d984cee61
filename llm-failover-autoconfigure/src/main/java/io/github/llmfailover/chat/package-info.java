/**
 * The API applications use: {@link io.github.llmfailover.chat.FailoverChatClient}, its
 * requests, answers and exceptions.
 */
@NullMarked
package io.github.llmfailover.chat;

import org.jspecify.annotations.NullMarked;
