package io.github.wherebytrigger.trigger;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Webhook records whose every value is set ({@code "sample"}, {@code 1}, {@code true},
 * empty collections), for checking a rule's condition at start-up: a condition that a
 * real webhook of that type evaluates also evaluates on the sample.
 */
final class SampleRecords {

	private SampleRecords() {
	}

	static Object of(Class<?> type) {
		if (!type.isRecord()) {
			throw new IllegalArgumentException(type + " is not a record");
		}
		RecordComponent[] components = type.getRecordComponents();
		Class<?>[] types = new Class<?>[components.length];
		Object[] values = new Object[components.length];
		for (int i = 0; i < components.length; i++) {
			types[i] = components[i].getType();
			values[i] = value(types[i]);
		}
		try {
			Constructor<?> constructor = type.getDeclaredConstructor(types);
			constructor.setAccessible(true);
			return constructor.newInstance(values);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot make a sample " + type.getSimpleName(), ex);
		}
	}

	private static Object value(Class<?> type) {
		if (type == String.class) {
			return "/sample";
		}
		if (type == int.class || type == Integer.class) {
			return 1;
		}
		if (type == long.class || type == Long.class) {
			return 1L;
		}
		if (type == boolean.class || type == Boolean.class) {
			return true;
		}
		if (type == Instant.class) {
			return Instant.EPOCH;
		}
		if (Map.class.isAssignableFrom(type)) {
			return Map.of();
		}
		if (List.class.isAssignableFrom(type)) {
			return List.of();
		}
		if (Set.class.isAssignableFrom(type)) {
			return Set.of();
		}
		if (type.isRecord()) {
			return of(type);
		}
		throw new IllegalArgumentException("No sample value for " + type);
	}

}
