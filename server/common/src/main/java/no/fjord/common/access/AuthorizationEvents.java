package no.fjord.common.access;

/**
 * Token issuance and app launches, told by the authorization server to whoever keeps the audit trail.
 * The call returns once the event is recorded, so it is made before the answer is sent.
 */
public interface AuthorizationEvents {

	/** When nothing keeps an audit trail. */
	AuthorizationEvents NONE = event -> {
	};

	void record(AuthorizationEvent event);

	/**
	 * @param kind {@code token} (an access token issued or refused), {@code introspect} or {@code revoke}
	 *     (refused), or {@code launch} (an EHR launch created)
	 * @param issuer the issuer of the token, or of the token that asked for the launch
	 * @param subject the user, or the client for Backend Services tokens
	 * @param patient the patient in context (bare id), if any
	 * @param scopes the scopes granted (or asked for, when refused)
	 * @param refusal the OAuth error code when the request was refused ({@code invalid_client}), else {@code null}
	 */
	record AuthorizationEvent(String kind, String issuer, String clientId, String subject, String fhirUser,
			String hprNumber, String patient, String scopes, String refusal) {
	}
}
