package io.adaptivepool.agent;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The side port's security keys ({@code metrics.auth.*}, {@code metrics.tls.*}): how they are read,
 * and every way the key material they name can be wrong, each one line naming the key and value.
 */
@Timeout(120)
class SidePortSecurityTest {
    private static final String STORE_PASSWORD = "store-secret";

    @TempDir
    static Path dir;
    private static Path keystore;
    private static Path storePasswordFile;

    @BeforeAll
    static void keyMaterial() throws Exception {
        keystore = TestKeystores.selfSigned(dir, STORE_PASSWORD);
        storePasswordFile = write("store.password", STORE_PASSWORD + "\n");
    }

    private static Path write(String name, String content) throws IOException {
        return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    private static AgentConfig config(String args, Map<String, String> env) {
        return AgentConfig.load(args, new Properties(), env);
    }

    private static SidePortSecurity resolve(String args, Map<String, String> env) throws SidePortSecurity.Refused {
        AgentConfig config = config(args, env);
        assertEquals(List.of(), config.problems());
        return SidePortSecurity.resolve(config, env);
    }

    private static String refusal(String args, Map<String, String> env) {
        return assertThrows(SidePortSecurity.Refused.class, () -> resolve(args, env)).getMessage();
    }

    // ---- the keys -------------------------------------------------------------------------------

    @Test
    void everySecurityKeyWorksFromEachSource() {
        Map<String, String> values = new HashMap<>();
        values.put("metrics.auth.user", "prom");
        values.put("metrics.auth.passwordFile", "/run/secrets/metrics");
        values.put("metrics.auth.passwordEnv", "METRICS_PASSWORD");
        values.put("metrics.tls.keystore", "/etc/app/metrics.p12");
        values.put("metrics.tls.passwordFile", "/run/secrets/keystore");
        values.put("metrics.tls.passwordEnv", "KEYSTORE_PASSWORD");
        StringBuilder args = new StringBuilder();
        Properties sys = new Properties();
        Map<String, String> env = new HashMap<>();
        values.forEach((key, value) -> {
            args.append(args.length() == 0 ? "" : ",").append(key).append('=').append(value);
            sys.setProperty("adaptivepool." + key, value);
            env.put(AgentConfig.envName(key), value);
        });
        for (AgentConfig config : new AgentConfig[] {config(args.toString(), Map.of()),
                AgentConfig.load(null, sys, Map.of()), config(null, env)}) {
            assertEquals(List.of(), config.problems());
            values.forEach((key, value) -> assertEquals(value, config.metricsSecurity(key), key));
        }
        assertEquals("ADAPTIVEPOOL_METRICS_AUTH_PASSWORDFILE", AgentConfig.envName("metrics.auth.passwordFile"));
    }

    @Test
    void aPasswordAsAValueIsRefusedFromEverySourceAndNeverRepeated() {
        Properties sys = new Properties();
        sys.setProperty("adaptivepool.metrics.tls.password", "hunter2");
        AgentConfig config = AgentConfig.load("metrics.auth.password=hunter2", sys,
                Map.of("ADAPTIVEPOOL_METRICS_AUTH_PASSWORD", "hunter2"));
        assertEquals(List.of(
                "refused key metrics.auth.password in agent arguments: a password is never taken as a value (agent"
                        + " arguments and system properties show in ps); name a file or an environment variable that"
                        + " holds it with metrics.auth.passwordFile or metrics.auth.passwordEnv; ignored",
                "refused key metrics.tls.password in system property adaptivepool.metrics.tls.password: a password is"
                        + " never taken as a value (agent arguments and system properties show in ps); name a file or an"
                        + " environment variable that holds it with metrics.tls.passwordFile or metrics.tls.passwordEnv;"
                        + " ignored",
                "refused key metrics.auth.password in environment variable ADAPTIVEPOOL_METRICS_AUTH_PASSWORD: a"
                        + " password is never taken as a value (agent arguments and system properties show in ps); name a"
                        + " file or an environment variable that holds it with metrics.auth.passwordFile or"
                        + " metrics.auth.passwordEnv; ignored"), config.problems());
        assertFalse(String.join("\n", config.problems()).contains("hunter2"));
    }

    @Test
    void unknownSecurityKeysAreReported() {
        assertEquals(List.of(
                "unknown key metrics.auth.passwordfile in agent arguments (did you mean metrics.auth.passwordFile?); ignored",
                "unknown key metrics.tls.truststore in agent arguments; ignored"),
                config("metrics.auth.passwordfile=/p,metrics.tls.truststore=/t", Map.of()).problems());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "metrics.auth.user=a:b | invalid value metrics.auth.user=a:b in agent arguments: a basic-auth user name cannot contain ':'; ignored",
            "metrics.auth.user= | invalid value metrics.auth.user= in agent arguments: must not be empty; ignored",
            "metrics.auth.passwordFile= | invalid value metrics.auth.passwordFile= in agent arguments: must not be empty; ignored",
            "metrics.auth.passwordEnv=ADAPTIVEPOOL_SECRET | invalid value metrics.auth.passwordEnv=ADAPTIVEPOOL_SECRET in agent arguments: variables named ADAPTIVEPOOL_* are agent keys; choose another name; ignored",
            "metrics.tls.passwordEnv=A=B | invalid value metrics.tls.passwordEnv=A=B in agent arguments: not an environment variable name; ignored",
            "metrics.tls.keystore= | invalid value metrics.tls.keystore= in agent arguments: must not be empty; ignored",
    })
    void invalidValuesAreReportedExactly(String argument, String expected) {
        assertEquals(List.of(expected), config(argument, Map.of()).problems());
    }

    // ---- resolving what they name ---------------------------------------------------------------------

    @Test
    void noKeysMeansPlainHttpWithoutAuth() throws Exception {
        SidePortSecurity security = resolve(null, Map.of());
        assertFalse(security.tls());
        assertFalse(security.auth());
        assertEquals("http", security.scheme());
        assertEquals("plain HTTP, no auth", security.describe());
    }

    @Test
    void basicAuthFromAFileOrAVariableAndTlsFromAKeystore() throws Exception {
        Path password = write("auth.password", "  s3cret \n");
        SidePortSecurity fromFile = resolve("metrics.auth.user=prom,metrics.auth.passwordFile=" + password
                + ",metrics.tls.keystore=" + keystore + ",metrics.tls.passwordFile=" + storePasswordFile, Map.of());
        assertTrue(fromFile.tls());
        assertTrue(fromFile.auth());
        assertEquals("https", fromFile.scheme());
        assertEquals("TLS 1.2+, basic auth user \"prom\"", fromFile.describe());
        assertFalse(fromFile.toString().contains("s3cret"), fromFile.toString());

        SidePortSecurity fromEnv = resolve("metrics.auth.user=prom,metrics.auth.passwordEnv=PROM_PASSWORD,"
                + "metrics.tls.keystore=" + keystore + ",metrics.tls.passwordEnv=STORE_PASSWORD",
                Map.of("PROM_PASSWORD", "s3cret", "STORE_PASSWORD", STORE_PASSWORD));
        assertEquals("TLS 1.2+, basic auth user \"prom\"", fromEnv.describe());
    }

    @Test
    void inconsistentKeysAreRefused() {
        assertEquals("metrics.auth.user=prom needs a password: set metrics.auth.passwordFile or metrics.auth.passwordEnv",
                refusal("metrics.auth.user=prom", Map.of()));
        assertEquals("metrics.auth.passwordEnv=P is set but metrics.auth.user is not",
                refusal("metrics.auth.passwordEnv=P", Map.of("P", "x")));
        assertEquals("metrics.auth.passwordFile=/a and metrics.auth.passwordEnv=P are both set: set one",
                refusal("metrics.auth.user=prom,metrics.auth.passwordFile=/a,metrics.auth.passwordEnv=P", Map.of()));
        assertEquals("metrics.tls.keystore=/k.p12 needs a password: set metrics.tls.passwordFile or metrics.tls.passwordEnv",
                refusal("metrics.tls.keystore=/k.p12", Map.of()));
        assertEquals("metrics.tls.passwordFile=/p is set but metrics.tls.keystore is not",
                refusal("metrics.tls.passwordFile=/p", Map.of()));
    }

    @Test
    void badPasswordSourcesAreNamed() throws Exception {
        Path missing = dir.resolve("no-such.password");
        assertEquals("metrics.auth.passwordFile=" + missing + ": no such file",
                refusal("metrics.auth.user=prom,metrics.auth.passwordFile=" + missing, Map.of()));
        Path empty = write("empty.password", " \n");
        assertEquals("metrics.auth.passwordFile=" + empty + ": the file is empty",
                refusal("metrics.auth.user=prom,metrics.auth.passwordFile=" + empty, Map.of()));
        assertEquals("metrics.auth.passwordFile=" + dir + ": a directory, not a file",
                refusal("metrics.auth.user=prom,metrics.auth.passwordFile=" + dir, Map.of()));
        Path huge = write("huge.password", "x".repeat(Secrets.MAX_PASSWORD_FILE_BYTES + 1));
        assertEquals("metrics.auth.passwordFile=" + huge + ": larger than 4096 bytes, not a password file",
                refusal("metrics.auth.user=prom,metrics.auth.passwordFile=" + huge, Map.of()));
        assertEquals("metrics.auth.passwordEnv=PROM_PASSWORD: the environment variable is not set",
                refusal("metrics.auth.user=prom,metrics.auth.passwordEnv=PROM_PASSWORD", Map.of()));
        assertEquals("metrics.tls.passwordEnv=STORE_PASSWORD: the environment variable is empty",
                refusal("metrics.tls.keystore=" + keystore + ",metrics.tls.passwordEnv=STORE_PASSWORD",
                        Map.of("STORE_PASSWORD", "")));
    }

    @Test
    void badKeystoresAreNamed() throws Exception {
        String tlsPassword = ",metrics.tls.passwordFile=" + storePasswordFile;
        Path missing = dir.resolve("missing.p12");
        assertEquals("metrics.tls.keystore=" + missing + ": no such file",
                refusal("metrics.tls.keystore=" + missing + tlsPassword, Map.of()));

        Path wrong = write("wrong.password", "not-the-password");
        assertEquals("metrics.tls.keystore=" + keystore + ": wrong password (from metrics.tls.passwordFile=" + wrong + ")",
                refusal("metrics.tls.keystore=" + keystore + ",metrics.tls.passwordFile=" + wrong, Map.of()));
        assertEquals("metrics.tls.keystore=" + keystore + ": wrong password (from metrics.tls.passwordEnv=P)",
                refusal("metrics.tls.keystore=" + keystore + ",metrics.tls.passwordEnv=P", Map.of("P", "nope")));

        Path pem = write("server.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        assertEquals("metrics.tls.keystore=" + pem + ": not a PKCS#12 keystore",
                refusal("metrics.tls.keystore=" + pem + tlsPassword, Map.of()));

        Path jks = TestKeystores.jks(STORE_PASSWORD, dir.resolve("server.jks"));
        assertEquals("metrics.tls.keystore=" + jks + ": a JKS keystore, not PKCS#12 (convert it: keytool -importkeystore"
                + " -srckeystore " + jks + " -destkeystore NEW.p12 -deststoretype PKCS12)",
                refusal("metrics.tls.keystore=" + jks + tlsPassword, Map.of()));

        Path certificateOnly = TestKeystores.certificateOnly(keystore, STORE_PASSWORD, dir.resolve("cert-only.p12"));
        assertEquals("metrics.tls.keystore=" + certificateOnly + ": holds no private key, only certificates (make one"
                + " with keytool -genkeypair, see docs/agent-security.md)",
                refusal("metrics.tls.keystore=" + certificateOnly + tlsPassword, Map.of()));

        Path truncated = Files.write(dir.resolve("truncated.p12"), java.util.Arrays.copyOf(Files.readAllBytes(keystore), 100));
        String message = refusal("metrics.tls.keystore=" + truncated + tlsPassword, Map.of());
        assertTrue(message.startsWith("metrics.tls.keystore=" + truncated + ": not a readable PKCS#12 keystore ("), message);
    }
}
