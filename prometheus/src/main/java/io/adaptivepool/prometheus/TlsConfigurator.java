package io.adaptivepool.prometheus;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The TLS set-up of every connection of a {@link MetricsServer} with TLS: the protocols are
 * TLSv1.3 and TLSv1.2 (those of the two the context supports), whatever the context or the JVM's
 * {@code jdk.tls.disabledAlgorithms} would otherwise allow; no client certificate is asked for.
 * A client that offers only TLSv1.1 or older fails its handshake: it gets no ServerHello, and its
 * connection is closed (the JDK's HTTPS server closes it without flushing the alert).
 */
final class TlsConfigurator extends HttpsConfigurator {
    /** The protocols the side port may speak, preferred first. */
    static final List<String> PROTOCOLS = Arrays.asList("TLSv1.3", "TLSv1.2");

    private final String[] protocols;

    private TlsConfigurator(SSLContext context, String[] protocols) {
        super(context);
        this.protocols = protocols;
    }

    /**
     * @throws IllegalArgumentException if the context is not initialised, or supports neither
     *     TLSv1.3 nor TLSv1.2
     */
    static TlsConfigurator of(SSLContext context) {
        List<String> supported;
        try {
            supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
        } catch (IllegalStateException notInitialised) {
            throw new IllegalArgumentException("tls sslContext (" + context.getProtocol()
                    + ") is not initialised: call init(keyManagers, null, null) first");
        }
        List<String> usable = new ArrayList<String>();
        for (String p : PROTOCOLS) {
            if (supported.contains(p)) {
                usable.add(p);
            }
        }
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("tls sslContext (" + context.getProtocol() + ") supports "
                    + supported + ", neither TLSv1.3 nor TLSv1.2");
        }
        return new TlsConfigurator(context, usable.toArray(new String[0]));
    }

    /** The protocols offered, preferred first. */
    String[] protocols() {
        return protocols.clone();
    }

    @Override
    public void configure(HttpsParameters params) {
        SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
        parameters.setProtocols(protocols);
        parameters.setNeedClientAuth(false);
        params.setSSLParameters(parameters);
    }
}
