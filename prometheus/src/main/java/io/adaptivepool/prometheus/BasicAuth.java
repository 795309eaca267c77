package io.adaptivepool.prometheus;

import com.sun.net.httpserver.BasicAuthenticator;

import java.nio.charset.Charset;
import java.security.MessageDigest;

/** HTTP basic authentication against one user and password, compared in constant time. */
final class BasicAuth extends BasicAuthenticator {
    private static final Charset UTF_8 = Charset.forName("UTF-8");
    static final String REALM = "adaptive-pool metrics";

    private final byte[] user;
    private final byte[] password;

    BasicAuth(String user, String password) {
        super(REALM);
        this.user = user.getBytes(UTF_8);
        this.password = password.getBytes(UTF_8);
    }

    @Override
    public boolean checkCredentials(String user, String password) {
        boolean userOk = MessageDigest.isEqual(this.user, user.getBytes(UTF_8));
        boolean passwordOk = MessageDigest.isEqual(this.password, password.getBytes(UTF_8));
        return userOk & passwordOk; // both compared whatever the first answer, so timing tells nothing
    }
}
