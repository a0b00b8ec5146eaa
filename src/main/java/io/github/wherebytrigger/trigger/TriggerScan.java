package io.github.wherebytrigger.trigger;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * Makes beans of the {@link WherebyTrigger @WherebyTrigger} classes of the application's
 * own packages (those of its {@code @SpringBootApplication} class, as Spring Boot records
 * them for starters) and of {@code whereby.triggers.packages}, so that a trigger class
 * needs no {@code @Component} and is found wherever it lives. A class that already is a
 * bean (a {@code @Component} the application's scan found, a {@code @Bean}) is left as it
 * is; classes excluded from component scanning (test classes, for one) stay excluded.
 */
final class TriggerScan
		implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, ResourceLoaderAware, BeanFactoryAware {

	private static final Log logger = LogFactory.getLog(TriggerScan.class);

	private static final Pattern PACKAGE_NAME = Pattern.compile(
			"\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

	private Environment environment;

	private ResourceLoader resourceLoader;

	private BeanFactory beanFactory;

	static boolean isPackageName(String name) {
		return PACKAGE_NAME.matcher(name).matches();
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setResourceLoader(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
		Set<String> existing = beanClassNames(registry);
		ClassPathScanningCandidateComponentProvider scanner = scanner();
		for (String basePackage : packages()) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
				if (existing.add(candidate.getBeanClassName())) {
					String name = AnnotationBeanNameGenerator.INSTANCE.generateBeanName(candidate, registry);
					registry.registerBeanDefinition(name, candidate);
					logger
						.debug("Trigger class " + candidate.getBeanClassName() + " registered as bean '" + name + "'");
				}
			}
		}
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

	private ClassPathScanningCandidateComponentProvider scanner() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
				this.environment);
		scanner.setResourceLoader(this.resourceLoader);
		scanner.addIncludeFilter(new AnnotationTypeFilter(WherebyTrigger.class));
		TypeExcludeFilter excluded = new TypeExcludeFilter();
		excluded.setBeanFactory(this.beanFactory);
		scanner.addExcludeFilter(excluded);
		return scanner;
	}

	private Set<String> packages() {
		Set<String> packages = new LinkedHashSet<>();
		if (AutoConfigurationPackages.has(this.beanFactory)) {
			packages.addAll(AutoConfigurationPackages.get(this.beanFactory));
		}
		List<String> configured = Binder.get(this.environment)
			.bind("whereby.triggers.packages", Bindable.listOf(String.class))
			.orElse(List.of());
		// A mistyped name stops start-up when the properties are validated.
		configured.stream().filter(TriggerScan::isPackageName).forEach(packages::add);
		return packages;
	}

	private static Set<String> beanClassNames(BeanDefinitionRegistry registry) {
		Set<String> names = new HashSet<>();
		for (String name : registry.getBeanDefinitionNames()) {
			String className = registry.getBeanDefinition(name).getBeanClassName();
			if (className != null) {
				names.add(className);
			}
		}
		return names;
	}

}
