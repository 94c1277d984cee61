package io.github.llmfailover.chat;

import java.util.List;
import java.util.Optional;

/**
 * The failover clients of the application's model groups ({@code llm.failover.groups}):
 * each group routes over its own providers, at the priority and weight each has in it,
 * with its own deadline and attempts. A provider in several groups is one provider: a
 * circuit it opens, a cooldown or a rate limit takes it out of all of them.
 * <p>
 * The {@link FailoverChatClient} bean is the default group's client. Every client serves
 * the group a request names ({@link ChatRequest.Builder#group(String)}) instead of its
 * own.
 */
public interface FailoverChatClients {

	/**
	 * The client of a group.
	 * @param group the group's name or one of its aliases
	 * @return the client
	 * @throws UnknownModelGroupException if no group has that name or alias
	 */
	FailoverChatClient get(String group);

	/**
	 * The client of a group, if there is one.
	 * @param group the group's name or one of its aliases
	 * @return the client, or empty if no group has that name or alias
	 */
	Optional<FailoverChatClient> find(String group);

	/**
	 * The client of the default group, which serves the requests that name no group.
	 * @return the client
	 */
	FailoverChatClient getDefault();

	/**
	 * The groups, in the order configured.
	 * @return the groups; without groups configured, only the default group of every
	 * provider
	 */
	List<ModelGroup> groups();

	/**
	 * Whether groups are configured. Without them, the default group of every provider is
	 * the only one, and a gateway sends it whatever model a client asks for.
	 * @return {@code true} if {@code llm.failover.groups} names at least one group
	 */
	boolean isGrouped();

}
