package org.depthlab.site;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Anonymous sessions and the CSRF tokens that go with them.
 *
 * <p>A visitor gets a random 128-bit id in a cookie that scripts cannot read ({@code HttpOnly})
 * and that other sites' forms do not carry ({@code SameSite=Lax}); progress is stored under
 * that id and nothing else identifies the visitor. A form's CSRF token is
 * HMAC-SHA256(key, session id) — the "signed double-submit" pattern of the OWASP CSRF
 * cheat sheet: a page from another origin can neither read the token nor compute it.
 */
public final class Sessions {

    /** The cookie's name. */
    public static final String COOKIE = "depthlab_session";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final String ATTRIBUTE = "depthlab.session";

    private final SecureRandom random = new SecureRandom();
    private final byte[] key;

    /** Sessions whose CSRF tokens are signed with {@code key}. */
    public Sessions(byte[] key) {
        this.key = key.clone();
    }

    /** The request's session id, starting a new session (and setting its cookie) when it has none. */
    public String of(Context ctx) {
        String known = ctx.attribute(ATTRIBUTE);
        if (known != null) {
            return known;
        }
        String id = ctx.cookie(COOKIE);
        if (id == null || !ID.matcher(id).matches()) {
            byte[] b = new byte[16];
            random.nextBytes(b);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            ctx.header("Set-Cookie", COOKIE + "=" + id + "; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax");
        }
        ctx.attribute(ATTRIBUTE, id);
        return id;
    }

    /** The CSRF token of a session. */
    public String token(String session) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(session.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }

    /** Whether {@code token} is the session's CSRF token (compared in constant time). */
    public boolean checks(String session, String token) {
        return token != null && MessageDigest.isEqual(token(session).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }
}
