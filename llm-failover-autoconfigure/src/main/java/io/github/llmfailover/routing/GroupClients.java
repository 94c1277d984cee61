package io.github.llmfailover.routing;

import io.github.llmfailover.chat.UnknownModelGroupException;

/**
 * Finds the client of the model group a request names.
 */
@FunctionalInterface
interface GroupClients {

	/**
	 * The client of a group.
	 * @param group the group's name or one of its aliases
	 * @return the client
	 * @throws UnknownModelGroupException if no group has that name or alias
	 */
	DefaultFailoverChatClient client(String group);

}
