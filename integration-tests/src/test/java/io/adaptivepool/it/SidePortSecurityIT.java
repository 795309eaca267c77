package io.adaptivepool.it;

import static io.adaptivepool.it.AgentFacts.METRICS_PORT;
import static io.adaptivepool.it.AgentFacts.assertAdaptive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adaptivepool.it.fixtures.HelloPoolApp;
import io.adaptivepool.it.fixtures.ServiceApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's side port with TLS and basic auth ({@code metrics.tls.*}, {@code metrics.auth.*}),
 * against a real child JVM, with real TLS clients: curl with the CA ({@code --cacert}) and the JDK's
 * {@code HttpClient} trusting the CA; good and bad credentials, another CA, plain HTTP to the TLS
 * port, a client offering only TLS 1.1. Then each kind of bad key material: one line naming the key
 * and value, no side port, the app runs on; under {@code strict=true}, a failed start.
 *
 * <p>The CA and the server keystore are made by the running JDK's keytool in a temporary folder.
 * The scrape password reaches the child in an environment variable ({@code metrics.auth.passwordEnv}),
 * curl reads it from its stdin ({@code -K -}): no password is on a command line.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SidePortSecurityIT {
    private static final String USER = "prom";
    private static final String PASSWORD = "scrape-secret";
    private static final String POOL = "io.adaptivepool.it.fixtures.ServiceApp.start";
    private static final Duration CLIENT_WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    private static TestCa ca;
    private static TestCa otherCa;
    private static Path storePasswordFile;
    private static ChildJvm child;
    private static int port;

    @BeforeAll
    static void startASecuredSidePort() throws Exception {
        ca = TestCa.make(dir, "good");
        otherCa = TestCa.caOnly(dir, "other");
        storePasswordFile = Files.writeString(dir.resolve("store.password"), ca.storePassword() + "\n");
        child = ChildJvm.fixture(ServiceApp.class).name("secured-side-port")
                .agent(AgentFacts.METRICS_ON_LOOPBACK + ",metrics.auth.user=" + USER
                        + ",metrics.auth.passwordEnv=PROM_PASSWORD,metrics.tls.keystore=" + ca.serverKeystore()
                        + ",metrics.tls.passwordFile=" + storePasswordFile)
                .env("PROM_PASSWORD", PASSWORD)
                .start();
        port = AgentFacts.metricsPort(child);
    }

    @AfterAll
    static void stop() {
        if (child != null) {
            child.close();
        }
    }

    private static URI metrics() {
        return URI.create("https://127.0.0.1:" + port + "/metrics");
    }

    // ---- the start-up line ------------------------------------------------------------------------

    @Test
    void theStartUpLineSaysHowThePortIsExposedAndLoopbackIsNotWarnedAbout() {
        String line = child.awaitStderr(METRICS_PORT).group(0);
        assertEquals("[adaptive-pool-agent] serving metrics on https://127.0.0.1:" + port
                + "/metrics (TLS 1.2+, basic auth user \"prom\")", line);
        assertTrue(child.agentLines().stream().noneMatch(l -> l.contains("warning")), child::describe);
        assertTrue(child.agentLines().stream().noneMatch(l -> l.contains(PASSWORD) || l.contains(ca.storePassword())),
                "no password in the agent's lines");
    }

    // ---- curl ---------------------------------------------------------------------------------------

    @Test
    void curlWithTheCaAndTheRightCredentialsScrapes() throws Exception {
        Curl.Result result = Curl.run("user = \"" + USER + ":" + PASSWORD + "\"\n", "--cacert", ca.caPem().toString(),
                metrics().toString());
        assertEquals(0, result.exit(), result::toString);
        assertEquals("200", result.status(), result::toString);
        assertTrue(result.body().contains("adaptive_pool_workers_max{pool=\"" + POOL + "\",}"), result::toString);
    }

    @Test
    void curlWithAWrongPasswordOrNoneIs401() throws Exception {
        Curl.Result wrong = Curl.run("user = \"" + USER + ":not-it\"\n", "--cacert", ca.caPem().toString(),
                metrics().toString());
        assertEquals("401", wrong.status(), wrong::toString);
        Curl.Result none = Curl.run("", "--cacert", ca.caPem().toString(), metrics().toString());
        assertEquals("401", none.status(), none::toString);
        assertFalse(none.body().contains("adaptive_pool"), none::toString);
    }

    @Test
    void curlTrustingAnotherCaFailsTheHandshake() throws Exception {
        Curl.Result result = Curl.run("user = \"" + USER + ":" + PASSWORD + "\"\n", "--cacert",
                otherCa.caPem().toString(), metrics().toString());
        assertEquals(60, result.exit(), () -> "curl's 'peer certificate cannot be authenticated': " + result);
        assertServesAGoodScrape();
    }

    // ---- the JDK's HttpClient ---------------------------------------------------------------------------

    @Test
    void httpClientTrustingTheCaGets200WithTheRightCredentialsAnd401Otherwise() throws Exception {
        HttpClient client = client(ca.clientContext());
        HttpResponse<String> good = client.send(request(metrics(), USER, PASSWORD), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, good.statusCode());
        assertTrue(good.body().contains("adaptive_pool_workers_max{pool=\"" + POOL + "\",}"), good.body());
        assertEquals(401, client.send(request(metrics(), USER, "wrong"), HttpResponse.BodyHandlers.discarding())
                .statusCode());
        assertEquals(401, client.send(request(metrics(), "someone", PASSWORD), HttpResponse.BodyHandlers.discarding())
                .statusCode());
        HttpResponse<Void> anonymous = client.send(HttpRequest.newBuilder(metrics()).timeout(CLIENT_WAIT).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(401, anonymous.statusCode());
        assertEquals("Basic realm=\"adaptive-pool metrics\", charset=\"UTF-8\"",
                anonymous.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    @Test
    void theHardeningHoldsOverTls() throws Exception {
        HttpClient client = client(ca.clientContext());
        URI health = URI.create("https://127.0.0.1:" + port + "/-/healthy");
        assertEquals("Exporter is Healthy.", client.send(request(health, USER, PASSWORD),
                HttpResponse.BodyHandlers.ofString()).body());
        HttpRequest post = HttpRequest.newBuilder(metrics()).timeout(CLIENT_WAIT)
                .header("Authorization", basic(USER, PASSWORD)).POST(HttpRequest.BodyPublishers.noBody()).build();
        assertEquals(405, client.send(post, HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(404, client.send(request(URI.create("https://127.0.0.1:" + port + "/other"), USER, PASSWORD),
                HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    void httpClientTrustingAnotherCaFailsTheHandshake() throws Exception {
        HttpClient client = client(otherCa.clientContext());
        assertThrows(SSLHandshakeException.class,
                () -> client.send(request(metrics(), USER, PASSWORD), HttpResponse.BodyHandlers.discarding()));
        assertServesAGoodScrape();
    }

    // ---- clients that do not speak TLS 1.2+ ------------------------------------------------------------

    @Test
    void plainHttpToTheTlsPortIsClosedUnansweredAndTheNextScrapeIsServed() throws Exception {
        byte[] answer = exchange(("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: "
                + basic(USER, PASSWORD) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), Integer.MAX_VALUE);
        assertFalse(new String(answer, StandardCharsets.ISO_8859_1).contains("HTTP/1."),
                "no HTTP answer over a TLS port");
        assertFalse(new String(answer, StandardCharsets.ISO_8859_1).contains("adaptive_pool"), "no metrics in clear");

        HttpClient plain = HttpClient.newBuilder().connectTimeout(CLIENT_WAIT).version(HttpClient.Version.HTTP_1_1)
                .build();
        assertThrows(IOException.class, () -> plain.send(request(URI.create("http://127.0.0.1:" + port + "/metrics"),
                USER, PASSWORD), HttpResponse.BodyHandlers.discarding()));
        assertServesAGoodScrape();
    }

    /**
     * A TLS 1.1 ClientHello, written by hand because the JDK's own client can no longer offer
     * TLS 1.1 (it is in {@code jdk.tls.disabledAlgorithms}): the server closes the connection
     * without a ServerHello (the JDK's HTTPS server does not flush the {@code protocol_version}
     * alert its TLS engine makes). The same hello offering TLS 1.2 gets a ServerHello, so the
     * refusal is the protocol's, not a malformed hello's.
     */
    @Test
    void aClientOfferingOnlyTls11GetsNoServerHello() throws Exception {
        byte[] refused = exchange(ClientHello.of(0x0302), Integer.MAX_VALUE);
        assertTrue(refused.length == 0 || refused[0] == ALERT,
                () -> "closed, or a TLS alert, but got a record of type " + refused[0]);

        byte[] accepted = exchange(ClientHello.of(0x0303), 1);
        assertEquals(HANDSHAKE, accepted[0], "TLS 1.2, the same hello otherwise: a ServerHello");
        assertServesAGoodScrape();
    }

    /** The same with curl, when its TLS library can still offer TLS 1.1 (OpenSSL 3 does at security level 0). */
    @Test
    void curlOfferingOnlyTls11IsRefused() throws Exception {
        Curl.Result result = Curl.run("", "-v", "--tlsv1.1", "--tls-max", "1.1", "--ciphers", "DEFAULT:@SECLEVEL=0",
                "--cacert", ca.caPem().toString(), metrics().toString());
        Assumptions.assumeTrue(result.stderr().contains("TLSv1.1 (OUT), TLS handshake, Client hello"),
                () -> "curl could not offer TLS 1.1 here, so the server's refusal cannot be shown with it: " + result);
        assertEquals(35, result.exit(), () -> "curl's 'SSL connect error': " + result);
        assertFalse(result.stderr().contains("Server hello"), result::toString);
        assertEquals("000", result.status(), "no HTTP answer");
        assertServesAGoodScrape();
    }

    private static void assertServesAGoodScrape() throws Exception {
        HttpResponse<String> good = client(ca.clientContext()).send(request(metrics(), USER, PASSWORD),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, good.statusCode(), "the server still serves");
    }

    // ---- bad key material ---------------------------------------------------------------------------------------

    /**
     * One way to get the key material wrong.
     *
     * @param args agent arguments; {@code DIR} stands for the temporary folder, {@code STORE} for
     *     the good keystore, {@code STOREPW} for its good password file
     * @param line what the agent's line says before {@code ; running without the metrics server}
     */
    record Bad(String name, String args, String line) {
        @Override
        public String toString() {
            return name;
        }

        String resolve(String text) {
            return text.replace("STOREPW", storePasswordFile.toString()).replace("STORE", ca.serverKeystore().toString())
                    .replace("DIR", dir.toString());
        }
    }

    static Stream<Bad> badKeyMaterial() {
        return Stream.of(
                new Bad("missing-keystore", "metrics.tls.keystore=DIR/missing.p12,metrics.tls.passwordFile=STOREPW",
                        "metrics.tls.keystore=DIR/missing.p12: no such file"),
                new Bad("wrong-keystore-password", "metrics.tls.keystore=STORE,metrics.tls.passwordFile=DIR/wrong.password",
                        "metrics.tls.keystore=STORE: wrong password (from metrics.tls.passwordFile=DIR/wrong.password)"),
                new Bad("not-pkcs12", "metrics.tls.keystore=DIR/good-ca.pem,metrics.tls.passwordFile=STOREPW",
                        "metrics.tls.keystore=DIR/good-ca.pem: not a PKCS#12 keystore"),
                new Bad("empty-password-file", "metrics.auth.user=prom,metrics.auth.passwordFile=DIR/empty.password",
                        "metrics.auth.passwordFile=DIR/empty.password: the file is empty"),
                new Bad("password-variable-unset", "metrics.auth.user=prom,metrics.auth.passwordEnv=NO_SUCH_PASSWORD_VAR",
                        "metrics.auth.passwordEnv=NO_SUCH_PASSWORD_VAR: the environment variable is not set"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKeyMaterial")
    void badKeyMaterialIsOneLineNoSidePortAndTheAppRunsOn(Bad bad) throws Exception {
        writeBadFiles();
        int freePort = Env.freePort();
        try (ChildJvm app = ChildJvm.fixture(HelloPoolApp.class).name("bad-key-material-" + bad.name())
                .agent("metrics.host=127.0.0.1,metrics.port=" + freePort + "," + bad.resolve(bad.args()))
                .args("serve").start()) {
            assertEquals("true", app.value("ran"), "the app ran");
            assertAdaptive(app, "pool");
            String expected = "[adaptive-pool-agent] " + bad.resolve(bad.line()) + "; running without the metrics server";
            app.awaitAgentLine(expected::equals, expected);
            List<String> lines = app.agentLines();
            assertEquals(1, lines.stream().filter(l -> l.contains("metrics.")).count(), app::describe);
            assertTrue(lines.stream().noneMatch(l -> l.contains("serving metrics")), app::describe);
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", freePort).close(), "no side port");
            assertTrue(app.stderrLines().stream().noneMatch(l -> l.startsWith("\tat ")), app::describe);
            assertEquals("bye", app.ask("exit"));
            assertEquals(0, app.awaitExit(), app::describe);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKeyMaterial")
    void underStrictBadKeyMaterialFailsTheStart(Bad bad) throws Exception {
        writeBadFiles();
        try (ChildJvm app = ChildJvm.fixture(HelloPoolApp.class).name("strict-bad-key-material-" + bad.name())
                .agent("strict=true," + AgentFacts.METRICS_ON_LOOPBACK + "," + bad.resolve(bad.args())).start()) {
            assertNotEquals(0, app.awaitExit(), app::describe);
            assertTrue(app.valueNow("ran").isEmpty(), () -> "the app must not have run: " + app.describe());
            String expected = "[adaptive-pool-agent] could not start (" + bad.resolve(bad.line()) + "); agent disabled";
            assertTrue(app.stderrLines().stream().anyMatch(l -> l.contains(expected)), () -> expected + "\n" + app.describe());
        }
    }

    private static void writeBadFiles() throws IOException {
        Files.writeString(dir.resolve("wrong.password"), "not-the-store-password\n");
        Files.writeString(dir.resolve("empty.password"), "\n");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static HttpClient client(SSLContext context) {
        return HttpClient.newBuilder().sslContext(context).connectTimeout(CLIENT_WAIT)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    private static HttpRequest request(URI uri, String user, String password) {
        return HttpRequest.newBuilder(uri).timeout(CLIENT_WAIT).header("Authorization", basic(user, password)).build();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends {@code bytes} on a fresh connection to the side port and reads until the server closes
     * it, or {@code atLeast} bytes have come.
     */
    private static byte[] exchange(byte[] bytes, int atLeast) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) CLIENT_WAIT.toMillis());
            socket.setSoTimeout((int) CLIENT_WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[4096];
            try {
                for (int n; answer.size() < atLeast && (n = in.read(chunk)) >= 0; ) {
                    answer.write(chunk, 0, n);
                }
            } catch (SocketException reset) {
                // closed by the server with a reset: closed all the same
            } catch (SocketTimeoutException open) {
                throw new AssertionError("the server kept the connection open for " + CLIENT_WAIT + " after "
                        + answer.size() + " bytes", open);
            }
            return answer.toByteArray();
        }
    }

    private static final byte HANDSHAKE = 22;
    private static final byte ALERT = 21;

    /** A minimal ClientHello of TLS 1.1 or 1.2: no supported_versions extension, so it offers that version alone. */
    static final class ClientHello {
        private ClientHello() {
        }

        /** @param version 0x0302 for TLS 1.1, 0x0303 for TLS 1.2 */
        static byte[] of(int version) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(version >> 8);
            body.write(version & 0xff); // client_version
            byte[] random = new byte[32];
            ThreadLocalRandom.current().nextBytes(random);
            body.writeBytes(random);
            body.write(0); // no session id
            // ECDHE_ECDSA with AES_128_GCM_SHA256 (TLS 1.2) and AES_128_CBC_SHA (TLS 1.0-1.2), ECDHE_RSA and RSA with AES_128_CBC_SHA
            int[] suites = {0xC02B, 0xC009, 0xC013, 0x002F};
            body.write(0);
            body.write(suites.length * 2);
            for (int suite : suites) {
                body.write(suite >> 8);
                body.write(suite & 0xff);
            }
            body.write(1);
            body.write(0); // compression: null
            byte[] extensions = {
                0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, // supported_groups: secp256r1
                0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,             // ec_point_formats: uncompressed
                0x00, 0x0d, 0x00, 0x04, 0x00, 0x02, 0x04, 0x03, // signature_algorithms: ecdsa_secp256r1_sha256
            };
            body.write(0);
            body.write(extensions.length);
            body.writeBytes(extensions);
            byte[] hello = body.toByteArray();
            ByteArrayOutputStream record = new ByteArrayOutputStream();
            record.writeBytes(new byte[] {22, 3, 1}); // handshake record, TLS 1.0 record version (as clients send)
            int handshakeLength = hello.length + 4;
            record.write(handshakeLength >> 8);
            record.write(handshakeLength & 0xff);
            record.write(1); // client_hello
            record.write(0);
            record.write(hello.length >> 8);
            record.write(hello.length & 0xff);
            record.writeBytes(hello);
            return record.toByteArray();
        }
    }

    /** curl, with its config (credentials) on stdin, answering the status, body and verbose output. */
    static final class Curl {
        record Result(int exit, String status, String body, String stderr) {
        }

        private Curl() {
        }

        static Result run(String config, String... args) throws IOException, InterruptedException {
            Path body = Files.createTempFile(dir, "curl", ".body");
            List<String> command = new ArrayList<>(List.of("curl", "-sS", "-K", "-", "-o", body.toString(),
                    "-w", "%{http_code}", "--max-time", "15"));
            command.addAll(List.of(args));
            Process process;
            try {
                process = new ProcessBuilder(command).start();
            } catch (IOException notInstalled) {
                Assumptions.abort("curl is not installed: " + notInstalled.getMessage());
                throw notInstalled;
            }
            try (OutputStream in = process.getOutputStream()) {
                in.write(config.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "curl did not end");
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8).trim(),
                    Files.readString(body), new String(err, StandardCharsets.UTF_8));
        }
    }
}
