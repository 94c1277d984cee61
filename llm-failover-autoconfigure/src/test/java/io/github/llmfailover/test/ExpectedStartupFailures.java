package io.github.llmfailover.test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * For test classes whose context runners start contexts meant to fail and check the
 * failures themselves: Spring logs each failed refresh at WARN ("Exception encountered
 * during context initialization"), so the class runs with that logger at ERROR, and its
 * level is put back after the class. A context that fails by mistake still fails its
 * test, with the failure in the assertion's message.
 */
public final class ExpectedStartupFailures implements BeforeAllCallback, AfterAllCallback {

	private static final Namespace NAMESPACE = Namespace.create(ExpectedStartupFailures.class);

	private static final Logger CONTEXT_LOG = (Logger) LoggerFactory
		.getLogger(AnnotationConfigApplicationContext.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getStore(NAMESPACE).put(Previous.class, new Previous(CONTEXT_LOG.getLevel()));
		CONTEXT_LOG.setLevel(Level.ERROR);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		Previous previous = context.getStore(NAMESPACE).remove(Previous.class, Previous.class);
		CONTEXT_LOG.setLevel((previous != null) ? previous.level() : null);
	}

	/** The logger's own level before the class, {@code null} when it inherited one. */
	private record Previous(@Nullable Level level) {
	}

}
