package io.github.wherebytrigger.launch;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.beans.BeanUtils;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/**
 * What a {@link LauncherFactory} gets to create one assistant's launcher: its name, and
 * its settings bound and validated from {@code whereby.launcher.<kind>} (the
 * {@code default} assistant) or {@code whereby.assistants.<name>.<kind>}.
 */
public final class LauncherContext {

	private final String assistant;

	private final String prefix;

	private final Binder binder;

	private final Validator beanValidator;

	LauncherContext(String assistant, String prefix, Binder binder, Validator beanValidator) {
		this.assistant = assistant;
		this.prefix = prefix;
		this.binder = binder;
		this.beanValidator = beanValidator;
	}

	/**
	 * The name of the assistant the launcher is for.
	 * @return the assistant name
	 */
	public String assistant() {
		return this.assistant;
	}

	/**
	 * The property prefix of this assistant's launcher settings, for messages.
	 * @param kind the kind of launcher, for example {@code kubernetes}
	 * @return for example {@code whereby.assistants.notetaker.kubernetes}
	 */
	public String prefix(String kind) {
		return this.prefix + "." + kind;
	}

	/**
	 * Binds and validates this assistant's settings for a kind of launcher.
	 * @param <T> the settings type
	 * @param kind the kind of launcher, for example {@code kubernetes}
	 * @param type the settings type, a JavaBean with jakarta constraints, optionally a
	 * {@link Validator} of itself
	 * @return the settings; defaults when none are configured
	 * @throws org.springframework.boot.context.properties.bind.BindException if they do
	 * not bind or validate, naming the property
	 */
	public <T> T bind(String kind, Class<T> type) {
		List<Validator> validators = new ArrayList<>();
		validators.add(this.beanValidator);
		if (Validator.class.isAssignableFrom(type)) {
			validators.add((Validator) BeanUtils.instantiateClass(type));
		}
		BindHandler handler = new ValidationBindHandler(validators.toArray(Validator[]::new));
		return this.binder.bindOrCreate(prefix(kind), Bindable.of(type), handler);
	}

	static Validator beanValidator() {
		LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
		validator.afterPropertiesSet();
		return validator;
	}

}
