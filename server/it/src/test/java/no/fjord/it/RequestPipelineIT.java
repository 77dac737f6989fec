package no.fjord.it;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.api.IInterceptorBroadcaster;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.IBaseInterceptorBroadcaster.IInvoker;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.util.CompositeInterceptorBroadcaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The order in which Fjord's interceptors run, as the running server has them, is the order written in
 * {@code server/README.md} (the table between the {@code pipeline-order} markers). HAPI merges the REST
 * server's and the storage's interceptors for a request, so both are read together, as HAPI does.
 */
class RequestPipelineIT extends FjordServerIT {

	private static final Path DOCUMENT = Path.of("..", "README.md");
	private static final String BEGIN = "<!-- pipeline-order:begin -->";
	private static final String END = "<!-- pipeline-order:end -->";

	@Autowired
	private RestfulServer server;

	@Autowired
	private IInterceptorService storage;

	@Test
	void theRegisteredOrderIsTheDocumentedOne() throws IOException {
		assertThat(registeredRows()).containsExactlyElementsOf(documentedRows());
	}

	@Test
	void everyFjordInterceptorHasAnExplicitPlaceInThePipeline() {
		List<String> unordered = new ArrayList<>();
		IInterceptorBroadcaster all = both();
		for (Pointcut pointcut : Pointcut.values()) {
			all.getInvokersForPointcut(pointcut).stream().filter(RequestPipelineIT::isFjords)
					.filter(invoker -> invoker.getOrder() == 0)
					.forEach(invoker -> unordered.add(pointcut + " " + name(invoker)));
		}
		assertThat(unordered).as("interceptors without an order from RequestPipeline").isEmpty();
	}

	private List<String> registeredRows() {
		IInterceptorBroadcaster all = both();
		List<String> rows = new ArrayList<>();
		for (Pointcut pointcut : Pointcut.values()) {
			List<String> names = all.getInvokersForPointcut(pointcut).stream().filter(RequestPipelineIT::isFjords)
					.map(RequestPipelineIT::name).toList();
			if (!names.isEmpty()) {
				rows.add("| `" + pointcut + "` | " + names.stream().map(name -> "`" + name + "`")
						.collect(Collectors.joining(", ")) + " |");
			}
		}
		return rows;
	}

	private static List<String> documentedRows() throws IOException {
		String text = Files.readString(DOCUMENT);
		assertThat(text).as(DOCUMENT + " has the pipeline table").contains(BEGIN, END);
		String table = text.substring(text.indexOf(BEGIN) + BEGIN.length(), text.indexOf(END));
		return Arrays.stream(table.split("\n")).map(String::strip)
				.filter(line -> line.startsWith("| `")).toList();
	}

	private IInterceptorBroadcaster both() {
		return CompositeInterceptorBroadcaster.newCompositeBroadcaster(storage, server.getInterceptorService());
	}

	private static boolean isFjords(IInvoker invoker) {
		return invoker.getInterceptor().getClass().getName().startsWith("no.fjord.");
	}

	private static String name(IInvoker invoker) {
		return invoker.getInterceptor().getClass().getSimpleName();
	}
}
