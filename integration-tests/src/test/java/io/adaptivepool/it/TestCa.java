package io.adaptivepool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate authority and a server keystore it signed, made by the running JDK's
 * {@code keytool} in a temporary folder, as an operator would (see docs/agent-security.md):
 * {@code ca.pem} (the CA's certificate, for {@code curl --cacert} and Prometheus' {@code ca_file})
 * and {@code server.p12} (PKCS#12: the server's key, its certificate for 127.0.0.1 and localhost
 * signed by the CA, and the CA's certificate).
 */
record TestCa(Path caPem, Path serverKeystore, String storePassword) {
    private static final long KEYTOOL_WAIT_SECONDS = 60;

    /** Makes a CA named {@code name} in {@code dir} and a server keystore signed by it. */
    static TestCa make(Path dir, String name) throws IOException, InterruptedException {
        String caPassword = caPassword(name);
        String storePassword = "store-" + name + "-password";
        Path caStore = dir.resolve(name + "-ca.p12");
        Path caPem = caOnly(dir, name).caPem();
        Path server = dir.resolve(name + "-server.p12");
        Path csr = dir.resolve(name + "-server.csr");
        Path signed = dir.resolve(name + "-server.pem");
        keytool("-genkeypair", "-keystore", server, "-storetype", "PKCS12", "-storepass", storePassword,
                "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2");
        keytool("-certreq", "-keystore", server, "-storepass", storePassword, "-alias", "server", "-file", csr);
        keytool("-gencert", "-keystore", caStore, "-storepass", caPassword, "-alias", "ca", "-infile", csr,
                "-outfile", signed, "-rfc", "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth",
                "-validity", "2");
        keytool("-importcert", "-keystore", server, "-storepass", storePassword, "-alias", "ca", "-file", caPem,
                "-noprompt");
        keytool("-importcert", "-keystore", server, "-storepass", storePassword, "-alias", "server", "-file", signed);
        return new TestCa(caPem, server, storePassword);
    }

    /** Makes a CA named {@code name} in {@code dir}, without a server keystore ({@link #serverKeystore()} is null). */
    static TestCa caOnly(Path dir, String name) throws IOException, InterruptedException {
        String caPassword = caPassword(name);
        Path caStore = dir.resolve(name + "-ca.p12");
        Path caPem = dir.resolve(name + "-ca.pem");
        keytool("-genkeypair", "-keystore", caStore, "-storetype", "PKCS12", "-storepass", caPassword, "-alias", "ca",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=adaptive-pool test CA " + name,
                "-ext", "bc:c", "-validity", "2");
        keytool("-exportcert", "-keystore", caStore, "-storepass", caPassword, "-alias", "ca", "-rfc", "-file", caPem);
        return new TestCa(caPem, null, null);
    }

    private static String caPassword(String name) {
        return "ca-" + name + "-password";
    }

    /** A client TLS context that trusts this CA only. */
    SSLContext clientContext() throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static void keytool(Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        for (Object arg : args) {
            command.add(arg.toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(KEYTOOL_WAIT_SECONDS, TimeUnit.SECONDS), "keytool did not end: " + command);
        assertEquals(0, process.exitValue(), () -> "keytool failed: " + command + "\n" + output);
    }
}
