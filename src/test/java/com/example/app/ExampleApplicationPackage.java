package com.example.app;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;

/**
 * Stands for a user's {@code @SpringBootApplication} class in {@code com.example.app}:
 * records the package as Spring Boot's auto-configuration package, where
 * {@code TriggerScanTests} expects the service to find trigger classes.
 */
@AutoConfigurationPackage
public class ExampleApplicationPackage {

}
