package io.adaptivepool.agent;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keystores for tests, made by the running JDK's keytool in a temporary folder. */
final class TestKeystores {
    private TestKeystores() {
    }

    /** A PKCS#12 keystore with one EC key and its self-signed certificate for 127.0.0.1 and localhost. */
    static Path selfSigned(Path dir, String password) throws IOException, InterruptedException {
        Path store = dir.resolve("server.p12");
        keytool("-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", password,
                "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2");
        return store;
    }

    /** A client context that trusts the certificates of {@code store} only. */
    static SSLContext trusting(Path store, String password) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        KeyStore keys = load(store, password);
        for (String alias : java.util.Collections.list(keys.aliases())) {
            trusted.setCertificateEntry(alias, keys.getCertificate(alias));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** A PKCS#12 keystore that holds only the certificate of {@code store}, no private key. */
    static Path certificateOnly(Path store, String password, Path to) throws IOException, GeneralSecurityException {
        Certificate certificate = load(store, password).getCertificate("server");
        KeyStore only = KeyStore.getInstance("PKCS12");
        only.load(null, null);
        only.setCertificateEntry("server", certificate);
        return save(only, password, to);
    }

    /** An empty keystore of another type (JKS). */
    static Path jks(String password, Path to) throws IOException, GeneralSecurityException {
        KeyStore jks = KeyStore.getInstance("JKS");
        jks.load(null, null);
        return save(jks, password, to);
    }

    private static KeyStore load(Path store, String password) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password.toCharArray());
        }
        return keys;
    }

    private static Path save(KeyStore store, String password, Path to) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(to)) {
            store.store(out, password.toCharArray());
        }
        return to;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool did not finish: " + command);
        assertEquals(0, process.exitValue(), "keytool failed: " + command + "\n" + output);
    }
}
