package no.fjord.subscription.delivery;

/**
 * One notification, ready to send.
 *
 * @param kind {@code handshake}, {@code heartbeat} or {@code event-notification}
 * @param method the HTTP method of a rest-hook request
 * @param path appended to the endpoint ({@code /Observation/1} for an R4 payload), or empty
 * @param contentType of the body, or {@code null} for none
 * @param body the bytes to send (empty for none); for websockets, the text message
 * @param id the notification's identity, the same on every attempt: receivers deduplicate on it
 */
public record Notification(String kind, String method, String path, String contentType, byte[] body, String id) {
}
