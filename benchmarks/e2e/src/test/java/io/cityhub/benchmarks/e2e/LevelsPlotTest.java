package io.cityhub.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LevelsPlotTest {

    @TempDir
    Path dir;

    @Test
    void aSeriesWithTheWrongNumberOfValuesIsRefusedAndNothingIsWritten() {
        Path png = dir.resolve("p.png");
        Map<String, double[]> ok = Map.of("a", new double[] {1, 2});
        Map<String, double[]> bad = Map.of("a", new double[] {1});
        assertThrows(IllegalArgumentException.class,
                () -> LevelsPlot.write(png, List.of(1, 32), bad, ok, "t", "s"));
        assertThrows(IllegalArgumentException.class,
                () -> LevelsPlot.write(png, List.of(1, 32), ok, bad, "t", "s"));
        assertThrows(IllegalArgumentException.class,
                () -> LevelsPlot.write(png, List.of(), Map.of("a", new double[0]), Map.of("a", new double[0]), "t",
                        "s"));
        assertThrows(IllegalArgumentException.class, () -> LevelsPlot.write(png, List.of(1), Map.of(), ok, "t", "s"));
        assertFalse(Files.exists(png));
    }

    @Test
    void writesOnePngWithBothChartsSideBySide() throws IOException {
        Path png = dir.resolve("p.png");
        Map<String, double[]> acked = new LinkedHashMap<>();
        acked.put("cityhub", new double[] {150, 1755, 3000, Double.NaN});
        acked.put("Node-RED", new double[] {5964, 12909, 14710, 12682});
        Map<String, double[]> p99 = new LinkedHashMap<>();
        p99.put("cityhub", new double[] {16.1, 41.9, 100, 176.8});
        p99.put("Node-RED", new double[] {2.0, 34, 38, 50});
        LevelsPlot.write(png, List.of(1, 32, 128, 256), acked, p99, "title", "subtitle");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * LevelsPlot.CHART_WIDTH, img.getWidth());
        assertEquals(LevelsPlot.TITLE_HEIGHT + LevelsPlot.CHART_HEIGHT, img.getHeight());
        // something was drawn in each half (not a blank canvas)
        assertNotEquals(0, nonWhite(img, 0, LevelsPlot.CHART_WIDTH));
        assertNotEquals(0, nonWhite(img, LevelsPlot.CHART_WIDTH, 2 * LevelsPlot.CHART_WIDTH));
    }

    private static int nonWhite(BufferedImage img, int x0, int x1) {
        int n = 0;
        for (int x = x0; x < x1; x++) {
            for (int y = LevelsPlot.TITLE_HEIGHT; y < img.getHeight(); y++) {
                if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    n++;
                }
            }
        }
        return n;
    }
}
