package io.github.wherebytrigger.webhook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * The envelope as sent; {@code data} is bound to the widest shape, the client data, of
 * which room data is a subset.
 * <p>
 * The wire classes are bound through setters, not constructors: Jackson 3 calls a
 * constructor of several arguments through {@code MethodHandle.invokeWithArguments},
 * which builds a new adapter on every call (about 7% of a webhook's handling in the
 * benchmark's profiles), while setters are called exactly. The records users see are made
 * from them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
final class WireEvent {

	@Nullable String id;

	@Nullable String apiVersion;

	@Nullable String createdAt;

	@Nullable String type;

	@Nullable WireData data;

	public void setId(@Nullable String id) {
		this.id = id;
	}

	public void setApiVersion(@Nullable String apiVersion) {
		this.apiVersion = apiVersion;
	}

	public void setCreatedAt(@Nullable String createdAt) {
		this.createdAt = createdAt;
	}

	public void setType(@Nullable String type) {
		this.type = type;
	}

	public void setData(@Nullable WireData data) {
		this.data = data;
	}

}
