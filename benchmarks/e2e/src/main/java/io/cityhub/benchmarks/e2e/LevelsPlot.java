package io.cityhub.benchmarks.e2e;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * One PNG with two bar charts side by side, one bar per side (cityhub, the peer) at each closed-loop level:
 * acknowledged readings/s, and p99 round trip (send → answer) in ms. Values are printed on the bars so a reader
 * need not estimate them from the axis.
 */
final class LevelsPlot {

    static final int CHART_WIDTH = 760;
    static final int CHART_HEIGHT = 520;
    static final int TITLE_HEIGHT = 56;

    private LevelsPlot() {
    }

    /**
     * Writes the plot.
     *
     * @param levels   outstanding requests per level (the x categories)
     * @param acked    per side name, acknowledged readings/s per level (same order as {@code levels})
     * @param p99      per side name, p99 round trip in ms per level
     * @param title    first line above both charts
     * @param subtitle second line (conditions, what the peer does not do)
     */
    static void write(Path png, List<Integer> levels, Map<String, double[]> acked, Map<String, double[]> p99,
            String title, String subtitle) throws IOException {
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("no levels to plot");
        }
        List<String> categories = new ArrayList<>();
        for (int c : levels) {
            categories.add(Integer.toString(c));
        }
        write(png, categories, "requests outstanding", "acknowledged readings/s (higher is better)", acked,
                "p99 round trip send \u2192 answer (lower is better)", p99, title, subtitle);
    }

    /**
     * Writes two bar charts side by side over the same categories: rates on the left, milliseconds on the right.
     *
     * @param png        the file
     * @param categories the x categories, e.g. the steps of a ramp
     * @param x          the x axis title
     * @param leftTitle  title of the left chart (readings/s)
     * @param leftSeries per series name, one value per category
     * @param rightTitle title of the right chart (ms)
     * @param rightSeries per series name, one value per category
     * @param title      first line above both charts
     * @param subtitle   second line
     * @throws IOException if the file cannot be written
     */
    static void write(Path png, List<String> categories, String x, String leftTitle, Map<String, double[]> leftSeries,
            String rightTitle, Map<String, double[]> rightSeries, String title, String subtitle) throws IOException {
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("no categories to plot");
        }
        check(categories, leftSeries);
        check(categories, rightSeries);
        System.setProperty("java.awt.headless", "true");
        CategoryChart left = chart(leftTitle, x, "readings/s", categories, leftSeries, "#,###");
        CategoryChart right = chart(rightTitle, x, "ms", categories, rightSeries, "#,##0.#");
        BufferedImage a = BitmapEncoder.getBufferedImage(left);
        BufferedImage b = BitmapEncoder.getBufferedImage(right);
        BufferedImage all = new BufferedImage(a.getWidth() + b.getWidth(), TITLE_HEIGHT
                + Math.max(a.getHeight(), b.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, all.getWidth(), all.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(title, 12, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(subtitle, 12, 46);
            g.drawImage(a, 0, TITLE_HEIGHT, null);
            g.drawImage(b, a.getWidth(), TITLE_HEIGHT, null);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(all, "png", png.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    private static void check(List<?> levels, Map<String, double[]> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no series to plot");
        }
        series.forEach((name, values) -> {
            if (values.length != levels.size()) {
                throw new IllegalArgumentException("series " + name + " has " + values.length + " values for "
                        + levels.size() + " levels");
            }
        });
    }

    private static CategoryChart chart(String title, String x, String y, List<String> categories,
            Map<String, double[]> series, String pattern) {
        CategoryChart chart = new CategoryChartBuilder().width(CHART_WIDTH).height(CHART_HEIGHT).title(title)
                .xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setYAxisDecimalPattern(pattern);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setSeriesColors(
                new Color[] {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x7f7f7f)});
        Map<String, double[]> ordered = new LinkedHashMap<>(series);
        ordered.forEach((name, values) -> {
            List<Double> ys = new ArrayList<>();
            for (double v : values) {
                // a missing figure (NaN) is drawn as 0 and its label says 0: XChart cannot draw a gap in a bar chart
                ys.add(Double.isNaN(v) ? 0.0 : v);
            }
            chart.addSeries(name, categories, ys);
        });
        return chart;
    }
}
