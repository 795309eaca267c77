package io.adaptivepool.prometheus;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The side port over TLS ({@link MetricsServer.Builder#tls}): TLSv1.3 and TLSv1.2 only, the same
 * answers as over HTTP, and a client that does not speak TLS costs only its own connection.
 */
@Timeout(60)
class MetricsServerTlsTest {
    private static final char[] PASSWORD = "store-secret".toCharArray();

    @TempDir
    static Path dir;
    private static SSLContext serverContext;
    private static SSLContext clientContext;

    private final TestSupport.Pools pools = new TestSupport.Pools();
    private final List<MetricsServer> servers = new ArrayList<>();

    @BeforeAll
    static void keys() throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD),
                "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS), "keytool ended");
        assertEquals(0, keytool.exitValue(), output);

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", keys.getCertificate("server"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (MetricsServer s : servers) {
            s.close();
        }
        pools.close();
    }

    private MetricsServer tlsServer() throws IOException {
        MetricsServer server = MetricsServer.builder().host("127.0.0.1").port(0).jvmMetrics(false)
                .basicAuth("prom", "s3cret").tls(serverContext).pools(pools.make("tls", 1, 2, 4)).start();
        servers.add(server);
        return server;
    }

    /** One GET over TLS with the given protocols enabled on the client; answers the status line and the protocol. */
    private static String[] get(int port, String path, String authorization, String... protocols) throws IOException {
        try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.setEnabledProtocols(protocols);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
            return new String[] {answer.substring(0, answer.indexOf("\r\n")), socket.getSession().getProtocol(), answer};
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) >= 0; ) {
            buf.write(chunk, 0, n);
        }
        return buf.toByteArray();
    }

    @Test
    void servesOverTls13AndTls12WithTheSameAnswers() throws IOException {
        MetricsServer server = tlsServer();
        String[] tls13 = get(server.port(), "/metrics", Http.basic("prom", "s3cret"), "TLSv1.3", "TLSv1.2");
        assertEquals("HTTP/1.1 200 OK", tls13[0]);
        assertEquals("TLSv1.3", tls13[1]);
        assertTrue(tls13[2].contains("adaptive_pool_workers_max{pool=\"tls\",} 2.0"), tls13[2]);
        String[] tls12 = get(server.port(), "/-/healthy", Http.basic("prom", "s3cret"), "TLSv1.2");
        assertEquals("HTTP/1.1 200 OK", tls12[0]);
        assertEquals("TLSv1.2", tls12[1]);
        assertEquals("HTTP/1.1 401 Unauthorized", get(server.port(), "/metrics", null, "TLSv1.3")[0]);
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoAnswerAndTheServerServesOn() throws IOException {
        MetricsServer server = tlsServer();
        IOException refused = null;
        Http.Response answer = null;
        try {
            answer = Http.get(server.port(), "/metrics", "Authorization", Http.basic("prom", "s3cret"));
        } catch (IOException | IllegalStateException e) {
            refused = e instanceof IOException ? (IOException) e : new IOException(e);
        }
        assertTrue(refused != null, "no HTTP answer over TLS, got " + answer);
        assertEquals("HTTP/1.1 200 OK", get(server.port(), "/metrics", Http.basic("prom", "s3cret"), "TLSv1.3")[0]);
    }

    @Test
    void offersTls13AndTls12Only() {
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, TlsConfigurator.of(serverContext).protocols());
    }

    @Test
    void refusesAContextItCannotUse() throws Exception {
        assertThrows(NullPointerException.class, () -> MetricsServer.builder().tls(null));
        IllegalArgumentException uninitialised = assertThrows(IllegalArgumentException.class,
                () -> MetricsServer.builder().tls(SSLContext.getInstance("TLS")));
        assertEquals("tls sslContext (TLS) is not initialised: call init(keyManagers, null, null) first",
                uninitialised.getMessage());
    }
}
