package io.tagpulse.sink;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.TrendUpdate;

/**
 * The webhook's announcement of a trend's start: its JSON body, and the signature a receiver checks it with.
 * <pre>
 * {"trendId":"global|kafka|1764979200000","scope":"global","tag":"kafka","status":"RISING",
 *  "startedAt":"2026-12-06T00:00:00Z","mentions":42,"authors":37,"score":8.4,
 *  "url":"https://tagpulse.example/?trend=global%7Ckafka%7C1764979200000"}
 * </pre>
 * {@code url} is there only when a dashboard URL is set.
 */
public final class TrendAlertMessage {

    /** The header carrying the trend id, the same on every attempt, so a receiver can drop duplicates. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** The header carrying {@code sha256=<hex HMAC-SHA256 of the body with the secret>}, when a secret is set. */
    public static final String SIGNATURE = "X-Tagpulse-Signature";

    private TrendAlertMessage() {
    }

    /**
     * @param trend the trend whose start is announced
     * @param dashboardUrl the dashboard's URL, null or empty for none
     * @return the JSON body
     */
    public static byte[] body(TrendUpdate trend, String dashboardUrl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trendId", trend.trendId());
        body.put("scope", trend.scope());
        body.put("tag", trend.tag());
        body.put("status", trend.status());
        body.put("startedAt", trend.startedAt().toString());
        body.put("mentions", trend.mentions());
        body.put("authors", trend.authors());
        body.put("score", trend.score());
        if (dashboardUrl != null && !dashboardUrl.isBlank()) {
            body.put("url", dashboardUrl + (dashboardUrl.contains("?") ? "&" : "?") + "trend="
                    + URLEncoder.encode(trend.trendId(), StandardCharsets.UTF_8));
        }
        return TagpulseJson.write(body);
    }

    /** @return the {@link #SIGNATURE} header's value for the body: {@code sha256=} and the hex HMAC-SHA256 */
    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        }
        catch (NoSuchAlgorithmException | InvalidKeyException ex) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", ex);
        }
    }
}
