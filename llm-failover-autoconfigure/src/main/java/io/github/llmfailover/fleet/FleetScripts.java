package io.github.llmfailover.fleet;

import java.util.List;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts fleet mode runs: each change or check is one round trip and atomic, so
 * instances never see half of a change and counters never race.
 */
final class FleetScripts {

	/**
	 * Record that a provider is out until a time (open circuit or cooldown), unless a
	 * later end is already recorded, and tell the other instances. KEYS: the key. ARGV:
	 * until (epoch ms), its TTL in ms, channel, message.
	 */
	static final RedisScript<Long> HOLD = RedisScript.of("""
			local current = tonumber(redis.call('GET', KEYS[1]) or '0')
			if tonumber(ARGV[1]) > current then
			  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			end
			return redis.call('PUBLISH', ARGV[3], ARGV[4])
			""", Long.class);

	/**
	 * Forget that a provider is out and tell the other instances. KEYS: the keys to
	 * delete. ARGV: channel, message.
	 */
	static final RedisScript<Long> RELEASE = RedisScript.of("""
			for i = 1, #KEYS do redis.call('DEL', KEYS[i]) end
			return redis.call('PUBLISH', ARGV[1], ARGV[2])
			""", Long.class);

	/**
	 * Record a provider's operator settings under the next sequence number and tell the
	 * other instances. KEYS: operator hash, then keys to delete (a reset's open and
	 * cooldown). ARGV: provider, settings, TTL in ms, channel, message head; the message
	 * is head|seq;settings|provider.
	 */
	static final RedisScript<Long> OPERATOR = RedisScript.of("""
			local seq = redis.call('HINCRBY', KEYS[1], ARGV[1] .. '#seq', 1)
			redis.call('HSET', KEYS[1], ARGV[1], seq .. ';' .. ARGV[2])
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			for i = 2, #KEYS do redis.call('DEL', KEYS[i]) end
			redis.call('PUBLISH', ARGV[4], ARGV[5] .. '|' .. seq .. ';' .. ARGV[2] .. '|' .. ARGV[1])
			return seq
			""", Long.class);

	/**
	 * The periodic read: register this instance as alive, keep the operator changes while
	 * the fleet lives, and read everything shared. KEYS: see {@link FleetKeys#syncKeys}.
	 * ARGV: instance id, now (epoch ms), presence TTL in ms, operator TTL in ms. Returns
	 * a flat list: the live instances, each open key's value and each cooldown key's
	 * value ('' when absent), then the operator hash as field, value pairs.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> SYNC = RedisScript.of("""
			redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
			redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', tonumber(ARGV[2]) - tonumber(ARGV[3]))
			redis.call('PEXPIRE', KEYS[2], ARGV[3])
			local out = { tostring(redis.call('ZCARD', KEYS[2])) }
			for i = 3, #KEYS do out[#out + 1] = redis.call('GET', KEYS[i]) or '' end
			if redis.call('PEXPIRE', KEYS[1], ARGV[4]) == 1 then
			  local operator = redis.call('HGETALL', KEYS[1])
			  for i = 1, #operator do out[#out + 1] = operator[i] end
			end
			return out
			""", List.class);

	/**
	 * Count one request in a provider's window unless the window is full. KEYS: the
	 * window's key. ARGV: requests per minute, tokens per minute (0 = no limit), TTL in
	 * ms. Returns 1 when counted, 0 when full.
	 */
	static final RedisScript<Long> ACQUIRE = RedisScript.of("""
			local requests = tonumber(redis.call('HGET', KEYS[1], 'r') or '0')
			local tokens = tonumber(redis.call('HGET', KEYS[1], 't') or '0')
			local rpm = tonumber(ARGV[1])
			local tpm = tonumber(ARGV[2])
			if (rpm > 0 and requests >= rpm) or (tpm > 0 and tokens >= tpm) then return 0 end
			redis.call('HINCRBY', KEYS[1], 'r', 1)
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			return 1
			""", Long.class);

	/**
	 * Add an answer's tokens to a provider's window. KEYS: the window's key. ARGV:
	 * tokens, TTL in ms.
	 */
	static final RedisScript<Long> TOKENS = RedisScript.of("""
			local tokens = redis.call('HINCRBY', KEYS[1], 't', ARGV[1])
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			return tokens
			""", Long.class);

	/**
	 * Add a cost to a provider's spend of the day and of the month. KEYS: the day's key,
	 * the month's key. ARGV: the amount, the TTL of each key in ms. Returns both totals.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> SPEND_ADD = RedisScript.of("""
			local day = redis.call('INCRBYFLOAT', KEYS[1], ARGV[1])
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			local month = redis.call('INCRBYFLOAT', KEYS[2], ARGV[1])
			redis.call('PEXPIRE', KEYS[2], ARGV[3])
			return { day, month }
			""", List.class);

	/**
	 * Read a provider's spend of the day and of the month. KEYS: the day's key, the
	 * month's key. Returns both totals, '0' for a period without spend.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> SPEND_READ = RedisScript.of("""
			return { redis.call('GET', KEYS[1]) or '0', redis.call('GET', KEYS[2]) or '0' }
			""", List.class);

	private FleetScripts() {
	}

}
