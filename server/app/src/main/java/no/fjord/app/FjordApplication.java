package no.fjord.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Fjord's one Spring Boot application. It holds no logic: each module contributes its beans
 * through its own auto-configuration, and {@code application.yaml} holds the defaults.
 */
@SpringBootApplication
public class FjordApplication {

	public static void main(String[] args) {
		SpringApplication.run(FjordApplication.class, args);
	}
}
