package org.depthlab.site;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Anonymous sessions and the CSRF tokens that go with them.
 *
 * <p>A visitor gets a random 128-bit id in a cookie that scripts cannot read ({@code HttpOnly})
 * and that other sites' forms do not carry ({@code SameSite=Lax}); progress is stored under
 * that id and nothing else identifies the visitor.
 *
 * <p><b>Only the server issues ids.</b> An id is {@code random.signature}, the signature being
 * HMAC-SHA256(key, "session:" + random) cut to 128 bits; a cookie whose id this server did not
 * sign is replaced by a new one. Otherwise a page of another site (or a neighbouring
 * subdomain) could plant an id it knows in a visitor's browser and read the progress recorded
 * under it — session fixation (OWASP Session Management cheat sheet). Ids from before ids were
 * signed are kept only if the store knows them ({@code known}), so that nobody's progress is
 * lost with the change.
 *
 * <p>A form's CSRF token is HMAC-SHA256(key, "csrf:" + session id) — the "signed
 * double-submit" pattern of the OWASP CSRF cheat sheet: a page from another origin can neither
 * read the token nor compute it.
 */
public final class Sessions {

    /** The cookie's name. */
    public static final String COOKIE = "depthlab_session";

    private static final Pattern ID = Pattern.compile("([A-Za-z0-9_-]{22})\\.([A-Za-z0-9_-]{22})");
    private static final Pattern UNSIGNED = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final String ATTRIBUTE = "depthlab.session";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();
    private final byte[] key;
    private final Predicate<String> known;

    /**
     * Sessions whose ids and CSRF tokens are signed with {@code key}; an unsigned id from an
     * older version is accepted when {@code known} says it has progress recorded.
     */
    public Sessions(byte[] key, Predicate<String> known) {
        this.key = key.clone();
        this.known = known;
    }

    /** The request's session id, starting a new session (and setting its cookie) when it has none this server issued. */
    public String of(Context ctx) {
        String cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) {
            return cached;
        }
        String id = ctx.cookie(COOKIE);
        if (id == null || !issued(id)) {
            byte[] b = new byte[16];
            random.nextBytes(b);
            String r = B64.encodeToString(b);
            id = r + "." + signature(r);
            ctx.header("Set-Cookie", COOKIE + "=" + id + "; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax");
        }
        ctx.attribute(ATTRIBUTE, id);
        return id;
    }

    /** Whether this server issued {@code id}: signed with its key, or an older unsigned id with progress. */
    boolean issued(String id) {
        var m = ID.matcher(id);
        if (m.matches()) {
            return MessageDigest.isEqual(signature(m.group(1)).getBytes(StandardCharsets.US_ASCII),
                    m.group(2).getBytes(StandardCharsets.US_ASCII));
        }
        return UNSIGNED.matcher(id).matches() && known.test(id);
    }

    private String signature(String random) {
        return B64.encodeToString(Arrays.copyOf(hmac("session:" + random), 16));
    }

    /** The CSRF token of a session. */
    public String token(String session) {
        return B64.encodeToString(hmac("csrf:" + session));
    }

    /** Whether {@code token} is the session's CSRF token (compared in constant time). */
    public boolean checks(String session, String token) {
        return token != null && MessageDigest.isEqual(token(session).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }
}
