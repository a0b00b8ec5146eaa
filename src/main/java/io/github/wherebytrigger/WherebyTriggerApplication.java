package io.github.wherebytrigger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class WherebyTriggerApplication {

	public static void main(String[] args) {
		SpringApplication.run(WherebyTriggerApplication.class, args);
	}

}
