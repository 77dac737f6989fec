package no.fjord.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import no.fjord.examples.load.LoaderSettings;

class CommandOptionsTest {

	@Test
	void parseWhenNoArgumentsThenDefaults() {
		CommandOptions options = CommandOptions.parse();
		assertThat(options.patients()).isEqualTo(10);
		assertThat(options.seed()).isEqualTo(1);
		assertThat(options.out()).isEmpty();
		assertThat(options.load()).isEmpty();
		assertThat(options.concurrency()).isEqualTo(4);
		assertThat(options.headers()).isEmpty();
		assertThat(options.help()).isFalse();
	}

	@Test
	void parseWhenAllOptionsThenEachIsRead() {
		CommandOptions options = CommandOptions.parse("--patients", "1000", "--seed", "-42", "--out", "target/data",
				"--load", "http://localhost:8080/fhir", "--concurrency", "8",
				"--header", "Authorization: Bearer abc.def", "--header", "X-Request-Id:  run-1 ");
		assertThat(options.patients()).isEqualTo(1000);
		assertThat(options.seed()).isEqualTo(-42);
		assertThat(options.out()).contains(Path.of("target/data"));
		assertThat(options.load()).contains("http://localhost:8080/fhir");
		assertThat(options.concurrency()).isEqualTo(8);
		assertThat(options.headers()).containsExactly(
				new LoaderSettings.Header("Authorization", "Bearer abc.def"),
				new LoaderSettings.Header("X-Request-Id", "run-1"));
	}

	@Test
	void parseWhenHelpThenHelpSet() {
		assertThat(CommandOptions.parse("--help").help()).isTrue();
	}

	@Test
	void parseWhenUnknownOptionThenRejected() {
		assertThatThrownBy(() -> CommandOptions.parse("--patient", "3"))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--patient");
	}

	@Test
	void parseWhenValueMissingThenRejected() {
		assertThatThrownBy(() -> CommandOptions.parse("--patients"))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
	}

	@Test
	void parseWhenNumberInvalidThenRejected() {
		assertThatThrownBy(() -> CommandOptions.parse("--patients", "ten"))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number");
		assertThatThrownBy(() -> CommandOptions.parse("--patients", "-1"))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 0");
		assertThatThrownBy(() -> CommandOptions.parse("--concurrency", "0"))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
	}

	@Test
	void parseWhenHeaderHasNoColonThenRejected() {
		assertThatThrownBy(() -> CommandOptions.parse("--header", "Authorization Bearer x"))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Name: value");
	}
}
