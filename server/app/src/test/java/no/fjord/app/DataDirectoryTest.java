package no.fjord.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import no.fjord.security.SecurityProperties;
import no.fjord.storage.StorageProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** Everything Fjord keeps on disk follows {@code fjord.data-dir}, and each path can still be set alone. */
class DataDirectoryTest {

	@Test
	void byDefaultEverythingIsBelowDotData() throws IOException {
		Binder binder = binderWith(Map.of());

		assertThat(storage(binder).embedded().dataDir()).isEqualTo(Path.of("data/postgres"));
		assertThat(storage(binder).fulltext().directory()).isEqualTo(Path.of("data/lucene"));
		assertThat(adminSecretFile(binder)).isEqualTo(Path.of("data/admin-client-secret"));
	}

	@Test
	void theDatabaseTheIndexAndTheAdminSecretFollowTheDataDirectory() throws IOException {
		Binder binder = binderWith(Map.of("fjord.data-dir", "/srv/fjord"));

		assertThat(storage(binder).embedded().dataDir()).isEqualTo(Path.of("/srv/fjord/postgres"));
		assertThat(storage(binder).fulltext().directory()).isEqualTo(Path.of("/srv/fjord/lucene"));
		assertThat(adminSecretFile(binder)).isEqualTo(Path.of("/srv/fjord/admin-client-secret"));
	}

	@Test
	void eachPathCanStillBeSetOnItsOwn() throws IOException {
		Binder binder = binderWith(Map.of("fjord.data-dir", "/srv/fjord",
				"fjord.storage.fulltext.directory", "/fast-disk/lucene"));

		assertThat(storage(binder).fulltext().directory()).isEqualTo(Path.of("/fast-disk/lucene"));
		assertThat(storage(binder).embedded().dataDir()).isEqualTo(Path.of("/srv/fjord/postgres"));
	}

	private static Binder binderWith(Map<String, Object> commandLine) throws IOException {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("commandLine", commandLine));
		new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"))
				.forEach(environment.getPropertySources()::addLast);
		return Binder.get(environment);
	}

	private static StorageProperties storage(Binder binder) {
		return binder.bind("fjord.storage", StorageProperties.class).get();
	}

	private static Path adminSecretFile(Binder binder) {
		return binder.bind("fjord.auth", SecurityProperties.class).get().authorizationServer().adminClientSecretFile();
	}
}
