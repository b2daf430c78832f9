package dev.orgexport.simulator;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a simulator until the process is stopped: {@code --config sim.yaml [--port N]} (port 0 or
 * absent: a free port, printed on start). The CLI's {@code orgexport simulator} needs nothing
 * more than {@link SimulatorConfig#fromYaml(Path)} and {@link Simulator#start(SimulatorConfig, int)};
 * this class is the same for a plain {@code java -cp} start.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path config = null;
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = Path.of(value(args, ++i, "--config"));
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        if (config == null) {
            usage("--config is required");
        }
        Simulator simulator = Simulator.start(SimulatorConfig.fromYaml(config), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "sim-shutdown"));
        System.out.println("simulator listening on " + simulator.adminUrl().replace("/__sim", "")
                + " (regions under /<region-id>, admin under /__sim)");
        stopped.await();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            usage(option + " needs a value");
        }
        return args[index];
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: SimulatorMain --config sim.yaml [--port N]");
        System.exit(2);
    }
}
