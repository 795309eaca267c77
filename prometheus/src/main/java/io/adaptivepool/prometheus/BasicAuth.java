package io.adaptivepool.prometheus;

import java.nio.charset.Charset;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * HTTP basic authentication (RFC 7617) against one user and password, compared in constant time.
 *
 * <p>Not the JDK's {@code BasicAuthenticator}: installed on a context, that one reads the whole
 * request body of a refused request before answering 401 (so an unauthenticated client sending an
 * endless body keeps a handler thread busy), throws on a malformed {@code Authorization} header
 * (bad base64, no ':') so that the connection is dropped instead of answered, and answers other
 * schemes without a {@code WWW-Authenticate} challenge. Here every refusal is a plain 401 with
 * the challenge, and nothing is read.
 */
final class BasicAuth {
    private static final Charset UTF_8 = Charset.forName("UTF-8");
    static final String REALM = "adaptive-pool metrics";
    /** The {@code WWW-Authenticate} value of every 401. */
    static final String CHALLENGE = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";

    private final byte[] user;
    private final byte[] password;

    BasicAuth(String user, String password) {
        this.user = user.getBytes(UTF_8);
        this.password = password.getBytes(UTF_8);
    }

    /**
     * Whether an {@code Authorization} header value carries these credentials: scheme
     * {@code Basic} (any case), base64 of {@code user:password} in UTF-8. Null, another scheme,
     * bad base64 or no ':' are refusals, never exceptions.
     */
    boolean accepts(String authorization) {
        if (authorization == null) {
            return false;
        }
        String value = authorization.trim();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Basic")) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value.substring(space + 1).trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        int colon = indexOf(decoded, (byte) ':');
        if (colon < 0) {
            return false;
        }
        byte[] givenUser = new byte[colon];
        byte[] givenPassword = new byte[decoded.length - colon - 1];
        System.arraycopy(decoded, 0, givenUser, 0, givenUser.length);
        System.arraycopy(decoded, colon + 1, givenPassword, 0, givenPassword.length);
        boolean userOk = MessageDigest.isEqual(user, givenUser);
        boolean passwordOk = MessageDigest.isEqual(password, givenPassword);
        return userOk & passwordOk; // both compared whatever the first answer, so timing tells nothing
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
