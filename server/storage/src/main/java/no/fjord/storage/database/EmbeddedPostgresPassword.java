package no.fjord.storage.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The embedded server's password. The library creates clusters that trust every local connection,
 * so anybody who can log in to the machine could read every record over loopback. Fjord generates a
 * password on the first start, keeps it in the data directory (readable by its owner only, like the
 * data itself) and makes PostgreSQL ask for it (SCRAM), on new data directories and old trusting ones.
 */
final class EmbeddedPostgresPassword {

	static final String FILE = "fjord-password";

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	private static final List<String> PG_HBA = List.of(
			"# Written by Fjord: every connection must give the password in " + FILE,
			"local all all scram-sha-256",
			"host all all 127.0.0.1/32 scram-sha-256",
			"host all all ::1/128 scram-sha-256");

	private EmbeddedPostgresPassword() {}

	/** The password of {@code dataDir}, or a new one when it has none yet (a new or an old trusting cluster). */
	static String of(Path dataDir) throws IOException {
		Path file = dataDir.resolve(FILE);
		if (Files.exists(file)) {
			return Files.readString(file).trim();
		}
		SecureRandom random = new SecureRandom();
		return random.ints(32, 0, ALPHABET.length()).mapToObj(ALPHABET::charAt).map(String::valueOf)
				.collect(Collectors.joining());
	}

	/**
	 * After the server has started: stores a new password, sets it and stops trusting connections. The file
	 * is written first, so a crash in between leaves a password that the next start sets again.
	 */
	static void enforce(Path dataDir, int port, String password) throws IOException {
		Path hba = dataDir.resolve("pg_hba.conf");
		if (Files.exists(dataDir.resolve(FILE)) && Files.readAllLines(hba).equals(PG_HBA)) {
			return;
		}
		Path file = dataDir.resolve(FILE);
		Files.writeString(file, password);
		Optional.ofNullable(Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class))
				.ifPresent(view -> {
					try {
						view.setPermissions(PosixFilePermissions.fromString("rw-------"));
					} catch (IOException failed) {
						throw new IllegalStateException("Cannot restrict " + file, failed);
					}
				});
		try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
				"postgres", password); Statement statement = connection.createStatement()) {
			// the alphabet has no quote, so the literal is safe
			statement.execute("ALTER ROLE postgres PASSWORD '" + password + "'");
			Files.write(hba, PG_HBA);
			statement.execute("SELECT pg_reload_conf()");
		} catch (SQLException failed) {
			throw new IllegalStateException("Cannot set the embedded PostgreSQL's password: " + failed.getMessage(), failed);
		}
	}
}
