package io.github.wherebytrigger.state;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the service keeps event ids and room state.
 */
@ConfigurationProperties("whereby.state")
@Validated
public class StateProperties {

	/**
	 * Where event ids, room claims, launch keys and stop markers are kept: memory (this
	 * process only, lost on restart; one replica) or redis (shared by every replica and
	 * kept across restarts; connection from the spring.data.redis.* properties).
	 */
	@NotNull
	private Store store = Store.MEMORY;

	/**
	 * Prefix of every Redis key, so that one Redis can serve several installations.
	 */
	@Pattern(regexp = "[^\\s*?\\[\\]]{0,64}",
			message = "must be at most 64 characters without spaces or the pattern characters * ? [ ]")
	private String keyPrefix = "whereby-trigger:";

	/**
	 * Settings of the memory store.
	 */
	@Valid
	private final Memory memory = new Memory();

	public Store getStore() {
		return this.store;
	}

	public void setStore(Store store) {
		this.store = store;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Memory getMemory() {
		return this.memory;
	}

	/**
	 * The kinds of store.
	 */
	public enum Store {

		/**
		 * In this process's memory.
		 */
		MEMORY,

		/**
		 * In Redis, through Spring Boot's spring.data.redis.* connection.
		 */
		REDIS

	}

	/**
	 * Settings of the memory store.
	 */
	public static class Memory {

		/**
		 * Most event ids remembered at once; the oldest are forgotten first.
		 */
		@Min(1)
		private long maxEventIds = 100_000;

		public long getMaxEventIds() {
			return this.maxEventIds;
		}

		public void setMaxEventIds(long maxEventIds) {
			this.maxEventIds = maxEventIds;
		}

	}

}
