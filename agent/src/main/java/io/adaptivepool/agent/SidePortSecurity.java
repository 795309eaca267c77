package io.adaptivepool.agent;

import io.adaptivepool.prometheus.MetricsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;


/**
 * How the side port is secured: basic auth ({@code metrics.auth.*}) and TLS ({@code metrics.tls.*}),
 * resolved when the server starts by reading the password files, variables and keystore the keys
 * name. Anything missing, unreadable or inconsistent is a {@link Refused} whose message names the
 * key and its value, and the side port does not start: it never starts less protected than asked.
 */
final class SidePortSecurity {
    private static final String METRICS_AUTH_USER = Setting.METRICS_AUTH_USER.key;
    private static final String METRICS_AUTH_PASSWORD_FILE = Setting.METRICS_AUTH_PASSWORD_FILE.key;
    private static final String METRICS_AUTH_PASSWORD_ENV = Setting.METRICS_AUTH_PASSWORD_ENV.key;
    private static final String METRICS_TLS_KEYSTORE = Setting.METRICS_TLS_KEYSTORE.key;
    private static final String METRICS_TLS_PASSWORD_FILE = Setting.METRICS_TLS_PASSWORD_FILE.key;
    private static final String METRICS_TLS_PASSWORD_ENV = Setting.METRICS_TLS_PASSWORD_ENV.key;

    /** Plain HTTP, no authentication. */
    static final SidePortSecurity NONE = new SidePortSecurity(null, null, null);

    private final String user;
    private final String password;
    private final SSLContext tls;

    private SidePortSecurity(String user, String password, SSLContext tls) {
        this.user = user;
        this.password = password;
        this.tls = tls;
    }

    /**
     * Reads what the keys of {@code config} name.
     *
     * @param env the environment the {@code *.passwordEnv} variables are read from
     * @throws Refused naming the key and value at fault
     */
    static SidePortSecurity resolve(AgentConfig config, Map<String, String> env) throws Refused {
        String user = config.get(Setting.METRICS_AUTH_USER);
        String authFile = config.get(Setting.METRICS_AUTH_PASSWORD_FILE);
        String authEnv = config.get(Setting.METRICS_AUTH_PASSWORD_ENV);
        String keystore = config.get(Setting.METRICS_TLS_KEYSTORE);
        String tlsFile = config.get(Setting.METRICS_TLS_PASSWORD_FILE);
        String tlsEnv = config.get(Setting.METRICS_TLS_PASSWORD_ENV);

        String password = null;
        if (user != null || authFile != null || authEnv != null) {
            checkPair(METRICS_AUTH_USER, user, METRICS_AUTH_PASSWORD_FILE, authFile, METRICS_AUTH_PASSWORD_ENV, authEnv);
            password = Secrets.password(METRICS_AUTH_PASSWORD_FILE, authFile, METRICS_AUTH_PASSWORD_ENV, authEnv, env);
        }
        SSLContext tls = null;
        if (keystore != null || tlsFile != null || tlsEnv != null) {
            checkPair(METRICS_TLS_KEYSTORE, keystore, METRICS_TLS_PASSWORD_FILE, tlsFile, METRICS_TLS_PASSWORD_ENV,
                    tlsEnv);
            char[] storePassword = Secrets.password(METRICS_TLS_PASSWORD_FILE, tlsFile, METRICS_TLS_PASSWORD_ENV,
                    tlsEnv, env).toCharArray();
            try {
                tls = Keystores.sslContext(keystore, storePassword,
                        tlsFile != null ? METRICS_TLS_PASSWORD_FILE + "=" + tlsFile : METRICS_TLS_PASSWORD_ENV + "=" + tlsEnv);
            } finally {
                Arrays.fill(storePassword, '\0');
            }
        }
        return new SidePortSecurity(user, password, tls);
    }

    /** A {@code main} key ({@code user}, {@code keystore}) needs exactly one password source, and a source needs it. */
    private static void checkPair(String mainKey, String main, String fileKey, String file, String envKey, String env)
            throws Refused {
        if (main == null) {
            String given = file != null ? fileKey + "=" + file : envKey + "=" + env;
            throw new Refused(given + " is set but " + mainKey + " is not");
        }
        if (file == null && env == null) {
            throw new Refused(mainKey + "=" + main + " needs a password: set " + fileKey + " or " + envKey);
        }
        if (file != null && env != null) {
            throw new Refused(fileKey + "=" + file + " and " + envKey + "=" + env + " are both set: set one");
        }
    }

    /** Adds basic auth and TLS, as resolved, to a server's builder. */
    MetricsServer.Builder applyTo(MetricsServer.Builder builder) {
        if (user != null) {
            builder.basicAuth(user, password);
        }
        if (tls != null) {
            builder.tls(tls);
        }
        return builder;
    }

    boolean tls() {
        return tls != null;
    }

    boolean auth() {
        return user != null;
    }

    /** {@code https} or {@code http}. */
    String scheme() {
        return tls != null ? "https" : "http";
    }

    /** How the port is protected, for the start-up line: {@code TLS 1.2+, basic auth user "prom"}. */
    String describe() {
        return (tls != null ? "TLS 1.2+" : "plain HTTP") + ", " + (user != null ? "basic auth user \"" + user + "\"" : "no auth");
    }

    @Override
    public String toString() {
        return "SidePortSecurity[" + describe() + "]"; // never the password
    }

    /** The side port's security keys name something missing, unreadable or inconsistent. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}
