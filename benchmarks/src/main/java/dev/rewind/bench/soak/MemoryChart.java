package dev.rewind.bench.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The soak's memory samples as a PNG: resident set, its peak, and heap in use, over minutes of load. */
final class MemoryChart {
    private MemoryChart() {
    }

    /** Writes the chart; false (and nothing written) when there are fewer than two samples or no display libraries. */
    static boolean write(List<MemoryWindows.Sample> samples, Instant start, Path png) {
        if (samples.size() < 2) {
            return false;
        }
        System.setProperty("java.awt.headless", "true");
        double[] minutes = samples.stream().mapToDouble(s -> Duration.between(start, s.at()).toMillis() / 60_000.0).toArray();
        XYChart chart = new XYChartBuilder().width(900).height(380).title("rewind serve under the soak: memory")
                .xAxisTitle("minutes since healthy").yAxisTitle("MB").build();
        chart.addSeries("RSS", minutes, samples.stream().mapToDouble(MemoryWindows.Sample::rssMb).toArray())
                .setMarker(SeriesMarkers.NONE);
        chart.addSeries("RSS peak (VmHWM)", minutes, samples.stream().mapToDouble(MemoryWindows.Sample::peakRssMb).toArray())
                .setMarker(SeriesMarkers.NONE);
        List<MemoryWindows.Sample> withHeap = samples.stream().filter(s -> !Double.isNaN(s.heapMb())).toList();
        if (!withHeap.isEmpty()) { // before the API answers there is no heap figure: no point rather than a zero
            chart.addSeries("heap used", withHeap.stream().mapToDouble(s -> Duration.between(start, s.at()).toMillis() / 60_000.0)
                    .toArray(), withHeap.stream().mapToDouble(MemoryWindows.Sample::heapMb).toArray()).setMarker(SeriesMarkers.NONE);
        }
        try {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
            return true;
        } catch (Exception | LinkageError | InternalError e) { // no fonts or AWT on a minimal machine: the tables carry the numbers
            System.err.println("soak: no memory chart (" + e + ")");
            return false;
        }
    }
}
