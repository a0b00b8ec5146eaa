package com.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application like any other: the whereby-trigger dependency brings the
 * webhook endpoint, the launchers and Actuator's views, and finds the @WherebyTrigger
 * classes in this package and below.
 */
@SpringBootApplication
public class CustomTriggerApplication {

    public static void main(String[] args) {
        SpringApplication.run(CustomTriggerApplication.class, args);
    }

}
