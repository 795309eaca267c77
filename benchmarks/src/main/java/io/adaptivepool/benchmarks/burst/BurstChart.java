package io.adaptivepool.benchmarks.burst;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws threads and RSS over time, one line per contender, in two stacked panels, with the JDK's
 * own imaging (headless AWT, {@link ImageIO}). A run stopped by a cap or a crash ends in a cross.
 */
final class BurstChart {
    private static final int WIDTH = 1200;
    private static final int PANEL_HEIGHT = 380;
    private static final int TOP = 70;
    private static final int GAP = 70;
    private static final int LEFT = 90;
    private static final int RIGHT = 230;
    private static final int HEIGHT = TOP + 2 * PANEL_HEIGHT + GAP + 60;
    private static final Color[] COLORS = {
        new Color(0xD62728), new Color(0x9467BD), new Color(0xFF7F0E), new Color(0x1F77B4),
        new Color(0x2CA02C), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F),
    };

    private BurstChart() {
    }

    static void write(List<ContenderResult> results, String title, int threadCap, long rssCapMib, Path png)
            throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(title, LEFT, 32);

            double maxSeconds = 1.0;
            for (ContenderResult r : results) {
                for (ContenderResult.Sample s : r.timeline) {
                    maxSeconds = Math.max(maxSeconds, s.millis() / 1000.0);
                }
            }
            panel(g, results, TOP, "live threads (/proc Threads)", maxSeconds, s -> s.threads(), threadCap,
                    "thread cap");
            panel(g, results, TOP + PANEL_HEIGHT + GAP, "resident set (MiB, /proc VmRSS)", maxSeconds,
                    s -> s.rssKb() / 1024.0, rssCapMib, "RSS cap");
            legend(g, results);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private static void panel(Graphics2D g, List<ContenderResult> results, int top, String label, double maxSeconds,
            ToDoubleFunction<ContenderResult.Sample> value, double cap, String capLabel) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        int bottom = top + PANEL_HEIGHT;
        double maxValue = 1.0;
        for (ContenderResult r : results) {
            for (ContenderResult.Sample s : r.timeline) {
                maxValue = Math.max(maxValue, value.applyAsDouble(s));
            }
        }
        boolean showCap = cap > 0 && cap <= maxValue * 1.25;
        if (showCap) {
            maxValue = Math.max(maxValue, cap);
        }
        double yStep = niceStep(maxValue / 5);
        double yMax = Math.ceil(maxValue * 1.05 / yStep) * yStep;
        double xStep = niceStep(maxSeconds / 8);
        double xMax = Math.ceil(maxSeconds / xStep) * xStep;

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        Stroke solid = g.getStroke();
        for (double y = 0; y <= yMax + 1e-9; y += yStep) {
            int py = bottom - (int) Math.round(y / yMax * PANEL_HEIGHT);
            g.setColor(new Color(0xE6E6E6));
            g.drawLine(LEFT, py, LEFT + plotWidth, py);
            g.setColor(Color.DARK_GRAY);
            String text = format(y);
            g.drawString(text, LEFT - 8 - fm.stringWidth(text), py + fm.getAscent() / 2 - 1);
        }
        for (double x = 0; x <= xMax + 1e-9; x += xStep) {
            int px = LEFT + (int) Math.round(x / xMax * plotWidth);
            g.setColor(new Color(0xF0F0F0));
            g.drawLine(px, top, px, bottom);
            g.setColor(Color.DARK_GRAY);
            String text = format(x) + " s";
            g.drawString(text, px - fm.stringWidth(text) / 2, bottom + fm.getAscent() + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, top, plotWidth, PANEL_HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(label, LEFT, top - 8);

        if (showCap) {
            int py = bottom - (int) Math.round(cap / yMax * PANEL_HEIGHT);
            g.setColor(Color.RED.darker());
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
            g.drawLine(LEFT, py, LEFT + plotWidth, py);
            g.setStroke(solid);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(capLabel + " " + format(cap), LEFT + plotWidth - 120, py - 4);
        }

        g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int i = 0; i < results.size(); i++) {
            ContenderResult r = results.get(i);
            if (r.timeline.isEmpty()) {
                continue;
            }
            g.setColor(COLORS[i % COLORS.length]);
            int lastX = -1;
            int lastY = -1;
            for (ContenderResult.Sample s : r.timeline) {
                int px = LEFT + (int) Math.round(s.millis() / 1000.0 / xMax * plotWidth);
                int py = bottom - (int) Math.round(value.applyAsDouble(s) / yMax * PANEL_HEIGHT);
                if (lastX >= 0) {
                    g.drawLine(lastX, lastY, px, py);
                }
                lastX = px;
                lastY = py;
            }
            if (r.outcome == ContenderResult.Outcome.FAILED || r.outcome == ContenderResult.Outcome.CRASHED) {
                int d = 7;
                g.drawLine(lastX - d, lastY - d, lastX + d, lastY + d);
                g.drawLine(lastX - d, lastY + d, lastX + d, lastY - d);
            }
        }
        g.setStroke(solid);
    }

    private static void legend(Graphics2D g, List<ContenderResult> results) {
        int x = WIDTH - RIGHT + 20;
        int y = TOP + 10;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        for (int i = 0; i < results.size(); i++) {
            ContenderResult r = results.get(i);
            g.setColor(COLORS[i % COLORS.length]);
            g.fillRect(x, y, 22, 5);
            g.setColor(Color.BLACK);
            g.drawString(r.name, x + 30, y + 7);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setColor(Color.DARK_GRAY);
            String outcome = r.outcome == ContenderResult.Outcome.OK ? "ok" : r.outcome.toString().toLowerCase();
            g.drawString(outcome, x + 30, y + 22);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            y += 40;
        }
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString("x = stopped by a cap", x, y + 10);
        g.drawString("      or crashed", x, y + 24);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    static double niceStep(double rough) {
        if (!(rough > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double r = rough / magnitude;
        double nice = r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
