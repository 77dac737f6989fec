package no.fjord.app;

import java.util.Arrays;
import no.fjord.terminology.cli.LoadTerminologyCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Fjord's one Spring Boot application. It holds no logic: each module contributes its beans
 * through its own auto-configuration, and {@code application.yaml} holds the defaults. With
 * {@code load-terminology} as first argument it loads a terminology distribution and exits instead.
 */
@SpringBootApplication
public class FjordApplication {

	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals(LoadTerminologyCommand.NAME)) {
			System.exit(LoadTerminologyCommand.run(FjordApplication.class, Arrays.copyOfRange(args, 1, args.length),
					System.out));
		}
		SpringApplication.run(FjordApplication.class, args);
	}
}
