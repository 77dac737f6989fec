package no.fjord.common.fhir;

/**
 * Where each of Fjord's HAPI interceptors runs, relative to the others, on every pointcut it hooks
 * ({@code @Interceptor(order = ...)}; lower runs first). REST and storage interceptors share one scale,
 * because HAPI merges both lists for a request. The read and write paths these orders make are written
 * out in {@code server/README.md}; {@code RequestPipelineIT} fails when the running server differs.
 *
 * <p>In short: guards on storage (locks, append-only and shape rules, profile validation) run before
 * anything about the caller; metrics and the audit trail see every answer, before authorization's
 * outgoing check; authorization (scopes) decides before consent (blockings), consent before address
 * protection; terminology's response fixes come last.
 */
public final class RequestPipeline {

	private RequestPipeline() {}

	// Storage guards: every write, with or without a request.

	/** Deletes lock their target row before anything looks for references to it. */
	public static final int DELETE_LOCK = 100;
	/** Terminology caches are dropped with the write (before the commit), and again after it. */
	public static final int TERMINOLOGY_CHANGES = 110;
	/** A written blocking reloads its patient's blockings after the commit. */
	public static final int BLOCKING_CHANGES = 120;
	/** AuditEvents are never stored through HAPI. */
	public static final int AUDIT_EVENT_APPEND_ONLY = 130;
	/** A Consent claiming the blocking profile must be one Fjord can enforce. */
	public static final int BLOCKING_CONSENT_SHAPE = 140;
	/** Identifier checks and profile validation (422) on create and update. */
	public static final int PROFILE_VALIDATION = 150;
	/** {@code $validate} answers with the same issues a write would get. */
	public static final int VALIDATE_OPERATION = 160;
	/** Export jobs leave out what the kick-off caller's blockings hide. */
	public static final int EXPORT_CONSENT = 170;
	/** Export jobs leave out protected addresses. */
	public static final int EXPORT_ADDRESS_PROTECTION = 180;
	/** Subscriptions are checked (access, endpoint, secret) and recorded with their write. */
	public static final int SUBSCRIPTION_WRITES = 185;
	/** Changes a live subscription watches go into the outbox, in the transaction of the change. */
	public static final int CHANGE_CAPTURE = 190;

	// The request, before and around the caller's rights.

	/** Too many search parameters or values: 400 before a handler is chosen. */
	public static final int SEARCH_PARAMETER_LIMITS = 200;
	/** Exceptions become OperationOutcomes without internals; database outages 503. */
	public static final int ERROR_RESPONSES = 210;
	/** Time and outcome of every interaction. */
	public static final int INTERACTION_METRICS = 220;
	/** The audit trail: writes in their transaction, every answer and failure before it leaves. */
	public static final int AUDIT = 300;

	// Authorization: what the token's scopes allow.

	/** Bulk export jobs and their files belong to the caller who started them. */
	public static final int EXPORT_OWNERSHIP = 400;
	/** SMART scopes on every interaction (HAPI's AuthorizationInterceptor). */
	public static final int AUTHORIZATION = 410;
	/** {@code patient/} tokens: searches narrowed to the launch patient. */
	public static final int SEARCH_NARROWING = 420;
	/** Conditional writes and references by search only find what the caller may read. */
	public static final int MATCH_URL_AUTHORIZATION = 430;
	/** History needs read rights on every type it can return. */
	public static final int HISTORY_SCOPES = 440;
	/** The CapabilityStatement announces SMART. */
	public static final int CAPABILITY_SECURITY = 450;
	/** Who started an export, for consent in the job. */
	public static final int EXPORT_CALLER = 460;

	// Consent: what the patient's blockings allow, after the scopes.

	/** Blockings on reads, searches and answers (HAPI's ConsentInterceptor). */
	public static final int CONSENT = 500;
	/** Protected addresses left out, and no searching by address through other resources. */
	public static final int ADDRESS_PROTECTION = 510;
	/** Operations on one blocked resource are "not known". */
	public static final int BLOCKED_INSTANCE_OPERATIONS = 520;
	/** Updates and deletes of blocked resources are "not known". */
	public static final int BLOCKED_WRITES = 530;
	/** A Subscription is seen only by the caller who made it (and administrators). */
	public static final int SUBSCRIPTION_VISIBILITY = 540;

	// Answers: terminology fixes to HAPI's responses.

	/** {@code displayLanguage} of {@code $lookup}/{@code $expand}. */
	public static final int DISPLAY_LANGUAGE = 600;
	/** {@code $subsumes} of a code with itself says "equivalent". */
	public static final int SUBSUMES_EQUIVALENCE = 610;
	/** {@code $lookup} in a system the server does not hold is a 404. */
	public static final int UNKNOWN_SYSTEM_LOOKUP = 620;
}
