package io.adaptivepool.jmx;

import io.adaptivepool.AdaptivePoolExecutor;
import io.adaptivepool.Saturation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The second JVM of {@link RemoteJmxIT}: builds two pools of the same name, runs 20 tasks on the
 * first, registers both on the platform MBean server (exposed remotely by the JVM flags) and
 * answers commands on stdin, one a line:
 * <ul>
 *   <li>{@code show}: prints {@code SETTINGS min=.. max=.. queue=.. threshold=.. cooldown=.. idle=..
 *       stallWorkers=.. stallTimeout=..}
 *       as the first pool itself sees them;
 *   <li>{@code shutdown}: shuts the second pool down and prints {@code TERMINATED} once it has;
 *   <li>{@code quit} or end of input: shuts both down and exits.
 * </ul>
 */
public final class RemotePoolMain {
    private RemotePoolMain() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        AdaptivePoolExecutor pool = AdaptivePoolExecutor.builder().name(name).minWorkers(1).maxWorkers(2)
                .queueCapacity(50).scaleUpThreshold(0.7).scaleCooldown(Duration.ofSeconds(1))
                .scaleDownIdle(Duration.ofSeconds(30)).saturation(Saturation.REJECT).build();
        AdaptivePoolExecutor twin = AdaptivePoolExecutor.builder().name(name).build();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            done.add(pool.submit(() -> { }));
        }
        for (Future<?> f : done) {
            f.get(20, TimeUnit.SECONDS);
        }
        System.out.println("READY " + AdaptivePoolJmx.register(pool) + " " + AdaptivePoolJmx.register(twin));
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
            if (line.equals("show")) {
                System.out.println("SETTINGS min=" + pool.getMinWorkers() + " max=" + pool.getMaxWorkers()
                        + " queue=" + pool.getQueueCapacity() + " threshold=" + pool.getScaleUpThreshold()
                        + " cooldown=" + pool.getScaleCooldown().toMillis()
                        + " idle=" + pool.getScaleDownIdle().toMillis()
                        + " stallWorkers=" + pool.getStallWorkers() + " stallTimeout=" + pool.getStallTimeout().toMillis());
            } else if (line.equals("shutdown")) {
                twin.shutdown();
                System.out.println(twin.awaitTermination(20, TimeUnit.SECONDS) ? "TERMINATED" : "STILL RUNNING");
            } else {
                System.out.println("UNKNOWN " + line);
            }
            System.out.flush();
        }
        pool.shutdownNow();
        twin.shutdownNow();
        System.exit(0);
    }
}
