package no.fjord.subscription.websocket;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import no.fjord.common.error.OperationOutcomeResponses;
import no.fjord.common.error.OperationOutcomes;
import no.fjord.security.token.SmartPrincipal;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * {@code /fhir/websocket}: upgrades a request to a websocket connection for subscription notifications.
 * A servlet rather than an endpoint the container finds by itself, so the request passes Spring Security
 * first: the upgrade needs no token (browsers cannot send one on a websocket), but a bearer token it
 * carries is verified there, and a connection opened with a valid one may bind with R4's {@code bind [id]}.
 */
public final class SubscriptionSocketServlet extends HttpServlet {

	public static final String PATH = "/fhir/websocket";

	private final transient Function<Optional<SmartPrincipal>, Endpoint> sockets;

	/** @param sockets a new connection's endpoint, given the verified caller of its upgrade request */
	public SubscriptionSocketServlet(Function<Optional<SmartPrincipal>, Endpoint> sockets) {
		this.sockets = sockets;
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		ServerContainer container = (ServerContainer) request.getServletContext().getAttribute(ServerContainer.class.getName());
		if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade")) || container == null) {
			OperationOutcomeResponses.write(request, response, HttpServletResponse.SC_BAD_REQUEST,
					OperationOutcomes.error(IssueType.NOTSUPPORTED,
							"This is the websocket endpoint of subscriptions: connect with a websocket client"));
			return;
		}
		Optional<SmartPrincipal> caller = SmartPrincipal.current();
		ServerEndpointConfig config = ServerEndpointConfig.Builder.create(SubscriptionSocket.class, PATH)
				.configurator(new ServerEndpointConfig.Configurator() {
					@Override
					public <T> T getEndpointInstance(Class<T> type) {
						return type.cast(sockets.apply(caller));
					}
				}).build();
		try {
			container.upgradeHttpToWebSocket(request, response, config, Map.of());
		} catch (DeploymentException impossible) {
			throw new IllegalStateException("The websocket endpoint of subscriptions is misconfigured", impossible);
		}
	}
}
