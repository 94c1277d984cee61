/**
 * Spring AI in both directions: {@link io.github.llmfailover.springai.FailoverChatModel}
 * puts the failover client behind Spring AI's {@code ChatModel}, and providers of type
 * {@code spring-ai} let any Spring AI {@code ChatModel} bean serve as a provider. Loaded
 * only when Spring AI is on the classpath; the core never imports this package.
 */
@NullMarked
package io.github.llmfailover.springai;

import org.jspecify.annotations.NullMarked;
