package io.adaptivepool.agent;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;

/**
 * The side port's TLS key and certificate, from a PKCS#12 keystore ({@code metrics.tls.keystore}).
 * Every failure is a {@link SidePortSecurity.Refused} naming the key and the file.
 */
final class Keystores {
    /** The first bytes of a JKS keystore, which a PKCS#12 loader of JDK 9+ would also accept. */
    private static final int JKS_MAGIC = 0xFEEDFEED;
    /** A PKCS#12 file is one DER SEQUENCE. */
    private static final int DER_SEQUENCE = 0x30;

    private Keystores() {
    }

    /**
     * An initialised TLS context serving the private key of the keystore and its certificate chain.
     * The key must have the keystore's password (as keytool makes them).
     *
     * @param passwordWhere the key that gave the password, {@code key=value}, for the message when it is wrong
     * @throws SidePortSecurity.Refused when the file is missing or unreadable, is not PKCS#12, the
     *     password is wrong, or it holds no private key
     */
    static SSLContext sslContext(String file, char[] password, String passwordWhere) throws SidePortSecurity.Refused {
        String what = Setting.METRICS_TLS_KEYSTORE.key + "=" + file;
        byte[] bytes = Secrets.read(Setting.METRICS_TLS_KEYSTORE.key, file, Secrets.MAX_KEYSTORE_BYTES);
        if (bytes.length >= 4 && ((bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8
                | (bytes[3] & 0xff)) == JKS_MAGIC) {
            throw new SidePortSecurity.Refused(what + ": a JKS keystore, not PKCS#12 (convert it: keytool"
                    + " -importkeystore -srckeystore " + file + " -destkeystore NEW.p12 -deststoretype PKCS12)");
        }
        if (bytes.length == 0 || (bytes[0] & 0xff) != DER_SEQUENCE) {
            throw new SidePortSecurity.Refused(what + ": not a PKCS#12 keystore");
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new SidePortSecurity.Refused(what + ": wrong password (from " + passwordWhere + ")");
            }
            throw new SidePortSecurity.Refused(what + ": not a readable PKCS#12 keystore (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new SidePortSecurity.Refused(what + ": cannot load it (" + e + ")");
        }
        try {
            boolean hasKey = false;
            for (String alias : Collections.list(store.aliases())) {
                hasKey |= store.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new SidePortSecurity.Refused(what + ": holds no private key, only certificates (make one with"
                        + " keytool -genkeypair, see docs/agent-security.md)");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            try {
                keys.init(store, password);
            } catch (UnrecoverableKeyException e) {
                throw new SidePortSecurity.Refused(what + ": its private key has another password than the keystore"
                        + " (give both the password from " + passwordWhere + ")");
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new SidePortSecurity.Refused(what + ": cannot use it (" + e + ")");
        }
    }
}
