package dev.orgexport.simulator;

import dev.orgexport.schema.region.Region;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away TLS identity for the simulator: a self-signed certificate whose names are the
 * {@code login.} and {@code api.} hosts of the given regions, made by the JDK's keytool, and a
 * trust store holding just that certificate.
 */
record TestCertificates(Path keyStore, Path trustStore) {

    static final String PASSWORD = "simulator-test";

    static TestCertificates create(Path dir, List<Region> regions) throws IOException, InterruptedException {
        Path keyStore = dir.resolve("simulator.p12");
        Path certificate = dir.resolve("simulator.crt");
        Path trustStore = dir.resolve("trust.p12");
        StringBuilder names = new StringBuilder("dns:localhost,ip:127.0.0.1");
        for (Region region : regions) {
            names.append(",dns:").append(region.loginHost()).append(",dns:").append(region.apiHost())
                    .append(",dns:download.").append(region.domain());
        }
        keytool("-genkeypair", "-alias", "simulator", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=orgexport simulator", "-ext", "SAN=" + names, "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "simulator", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "simulator", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", PASSWORD);
        return new TestCertificates(keyStore, trustStore);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
