package dev.orgexport.devstack.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away TLS identity for a server on the loopback address, made by the JDK's keytool: a
 * self-signed certificate for {@code 127.0.0.1}, {@code localhost} and any host names given, in a
 * PKCS12 key store,
 * and a PKCS12 trust store holding just that certificate, both under one random password.
 *
 * @param keyStore   the server's key and certificate
 * @param trustStore what a client trusts to reach that server
 * @param password   of both stores (and of the key)
 */
public record SelfSignedTls(Path keyStore, Path trustStore, String password) {

    /** Creates the stores under {@code directory}, named after {@code name}. */
    public static SelfSignedTls create(Path directory, String name) {
        return create(directory, name, List.of());
    }

    /** As {@link #create(Path, String)}, the certificate also naming {@code hostNames} (a test maps them to 127.0.0.1). */
    public static SelfSignedTls create(Path directory, String name, List<String> hostNames) {
        Path keyStore = directory.resolve(name + ".p12");
        Path certificate = directory.resolve(name + ".crt");
        Path trustStore = directory.resolve(name + "-trust.p12");
        String password = UUID.randomUUID().toString();
        StringBuilder names = new StringBuilder("ip:127.0.0.1,dns:localhost");
        hostNames.forEach(host -> names.append(",dns:").append(host));
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=orgexport " + name, "-ext", "SAN=" + names, "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-alias", name, "-keystore", keyStore.toString(), "-storepass", password,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", name, "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", password);
        return new SelfSignedTls(keyStore, trustStore, password);
    }

    @Override
    public String toString() {
        return "SelfSignedTls[keyStore=" + keyStore + ", trustStore=" + trustStore + ", password=<masked>]";
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool " + args[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool " + args[0], e);
        }
    }
}
