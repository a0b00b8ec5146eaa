package io.github.wherebytrigger.launch;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * How assistants are launched.
 */
@ConfigurationProperties("whereby.launcher")
@Validated
public class LauncherProperties implements Validator {

	/**
	 * Time budget for handling a webhook that launches an assistant, counted from its
	 * arrival and including trigger evaluation; a launch not done by then is answered 503
	 * so that Whereby delivers the webhook again. Keep it under Whereby's 5s.
	 */
	@NotNull
	private Duration deadline = Duration.ofSeconds(3);

	public Duration getDeadline() {
		return this.deadline;
	}

	public void setDeadline(Duration deadline) {
		this.deadline = deadline;
	}

	@Override
	public boolean supports(Class<?> type) {
		return LauncherProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		Duration deadline = ((LauncherProperties) target).getDeadline();
		if (deadline != null && (deadline.compareTo(Duration.ofMillis(100)) < 0
				|| deadline.compareTo(Duration.ofMillis(4500)) > 0)) {
			errors.rejectValue("deadline", "range", "must be between 100ms and 4500ms (Whereby waits 5s)");
		}
	}

}
