package io.github.wherebytrigger.system;

import java.util.LinkedHashMap;
import java.util.Map;

import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * The room URL's domain and the named assistants.
 */
@ConfigurationProperties("whereby")
@Validated
public class WherebyProperties implements Validator {

	/**
	 * What an assistant name may be: names end up in Kubernetes labels and Job names.
	 */
	public static final Pattern ASSISTANT_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");

	/**
	 * Domain below which the organisation subdomains live: room URLs are
	 * https://<subdomain>.<room-base-domain><roomName>.
	 */
	@jakarta.validation.constraints.Pattern(regexp = "[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?",
			message = "must be a host name such as whereby.com")
	private String roomBaseDomain = "whereby.com";

	/**
	 * Named assistants, each with its own launcher: 'type' and that type's settings
	 * (whereby.assistants.<name>.kubernetes.*, .http.*, .command.*), shaped like
	 * whereby.launcher.<type>. A trigger names the assistant it starts; 'default' is
	 * configured by whereby.launcher unless defined here.
	 */
	private Map<String, @Valid Assistant> assistants = new LinkedHashMap<>();

	public Map<String, Assistant> getAssistants() {
		return this.assistants;
	}

	public void setAssistants(Map<String, Assistant> assistants) {
		this.assistants = assistants;
	}

	@Override
	public boolean supports(Class<?> type) {
		return WherebyProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		for (String name : ((WherebyProperties) target).getAssistants().keySet()) {
			if (!ASSISTANT_NAME.matcher(name).matches()) {
				errors.rejectValue("assistants", "name", "assistant name '" + name
						+ "' must be 1 to 32 lowercase letters, digits or '-', starting and ending with a letter or digit");
			}
		}
	}

	public String getRoomBaseDomain() {
		return this.roomBaseDomain;
	}

	public void setRoomBaseDomain(String roomBaseDomain) {
		this.roomBaseDomain = roomBaseDomain;
	}

	/**
	 * A named assistant.
	 */
	public static class Assistant {

		/**
		 * Kind of launcher of this assistant: log, kubernetes, http or command; when
		 * unset, whereby.launcher.type.
		 */
		private @Nullable String type;

		/**
		 * Most launcher calls of this assistant running at once; when unset,
		 * whereby.launcher.max-concurrent-launches.
		 */
		@Min(1)
		private @Nullable Integer maxConcurrentLaunches;

		public @Nullable Integer getMaxConcurrentLaunches() {
			return this.maxConcurrentLaunches;
		}

		public void setMaxConcurrentLaunches(@Nullable Integer maxConcurrentLaunches) {
			this.maxConcurrentLaunches = maxConcurrentLaunches;
		}

		public @Nullable String getType() {
			return this.type;
		}

		public void setType(@Nullable String type) {
			this.type = type;
		}

	}

}
