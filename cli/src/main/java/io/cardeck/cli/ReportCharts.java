package io.cardeck.cli;

import io.cardeck.metrics.CorruptionCell;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The PNG figures of a report, drawn with JFreeChart (headless): a model's corruption x severity
 * accuracy heat-map, and accuracy against weight sparsity with one clean and one robust line per
 * method.
 */
final class ReportCharts {

    /** The heat-map's colours, from chance-level red through yellow to green at 100%. */
    private static final LookupPaintScale ACCURACY_SCALE = accuracyScale();
    private static final int WIDTH = 720;

    private ReportCharts() {
    }

    /** The colour of a heat-map cell of this accuracy. */
    static Color colourOf(double accuracy) {
        return (Color) ACCURACY_SCALE.getPaint(accuracy);
    }

    /** The file name of a model's heat-map in a report folder. */
    static String heatMapFile(String model) {
        return "heatmap-" + model.replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
    }

    /** One row per corruption (in the order of the cells), one column per severity, each cell's accuracy written in it. */
    static void writeHeatMap(ModelFigures model, Path file) throws IOException {
        Map<String, Map<Integer, Double>> rows = new LinkedHashMap<>();
        for (CorruptionCell cell : model.cells()) {
            rows.computeIfAbsent(cell.corruption(), c -> new LinkedHashMap<>()).put(cell.severity(), cell.accuracy());
        }
        List<String> corruptions = new ArrayList<>(rows.keySet());
        int cells = model.cells().size();
        double[][] series = new double[3][cells];
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(ACCURACY_SCALE);
        renderer.setDefaultToolTipGenerator(null);
        Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        int i = 0;
        for (int row = 0; row < corruptions.size(); row++) {
            for (Map.Entry<Integer, Double> cell : rows.get(corruptions.get(row)).entrySet()) {
                series[0][i] = cell.getKey();
                series[1][i] = row;
                series[2][i] = cell.getValue();
                XYTextAnnotation value = new XYTextAnnotation(String.format(Locale.ROOT, "%.1f", 100 * cell.getValue()),
                        cell.getKey(), row);
                value.setFont(label);
                renderer.addAnnotation(value);
                i++;
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("accuracy", series);
        NumberAxis severity = new NumberAxis("severity");
        severity.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        severity.setRange(CorruptionCell.MIN_SEVERITY - 0.5, CorruptionCell.MAX_SEVERITY + 0.5);
        SymbolAxis corruption = new SymbolAxis(null, corruptions.toArray(String[]::new));
        corruption.setInverted(true);
        corruption.setGridBandsVisible(false);
        XYPlot plot = new XYPlot(data, severity, corruption, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(String.format(Locale.ROOT, "%s: accuracy (%%) per corruption and severity,"
                + " clean %.2f%%, robust %.2f%%", model.model(), 100 * model.clean(), 100 * model.robust()),
                new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, false);
        NumberAxis scaleAxis = new NumberAxis("accuracy");
        scaleAxis.setRange(0, 1);
        PaintScaleLegend legend = new PaintScaleLegend(ACCURACY_SCALE, scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 4, 4);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, 90 + 26 * corruptions.size());
    }

    /**
     * Clean (solid) and robust (dashed) accuracy against weight sparsity, one line per method
     * through its models in order of sparsity; dense models are the method "dense".
     */
    static void writeAccuracyAgainstSparsity(List<ModelFigures> models, Path file) throws IOException {
        Map<String, List<ModelFigures>> byMethod = new LinkedHashMap<>();
        for (ModelFigures model : models) {
            byMethod.computeIfAbsent(model.method(), m -> new ArrayList<>()).add(model);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int method = 0;
        for (Map.Entry<String, List<ModelFigures>> entry : byMethod.entrySet()) {
            XYSeries clean = new XYSeries(entry.getKey() + " clean", true, true);
            XYSeries robust = new XYSeries(entry.getKey() + " robust", true, true);
            for (ModelFigures model : entry.getValue()) {
                clean.add(100 * model.sparsity(), 100 * model.clean());
                robust.add(100 * model.sparsity(), 100 * model.robust());
            }
            Color colour = Color.getHSBColor(method / (float) byMethod.size(), 0.75f, 0.8f);
            data.addSeries(clean);
            renderer.setSeriesPaint(data.getSeriesCount() - 1, colour);
            renderer.setSeriesStroke(data.getSeriesCount() - 1, new BasicStroke(2f));
            data.addSeries(robust);
            renderer.setSeriesPaint(data.getSeriesCount() - 1, colour);
            renderer.setSeriesStroke(data.getSeriesCount() - 1, new BasicStroke(2f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            method++;
        }
        NumberAxis sparsity = new NumberAxis("weight sparsity (%)");
        sparsity.setRange(-2, 100);
        NumberAxis accuracy = new NumberAxis("accuracy (%)");
        accuracy.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, sparsity, accuracy, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("Accuracy against weight sparsity: clean (solid), robust (dashed)",
                new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, 480);
    }

    private static LookupPaintScale accuracyScale() {
        LookupPaintScale scale = new LookupPaintScale(0, 1.0001, Color.WHITE);
        int steps = 50;
        for (int step = 0; step < steps; step++) {
            double from = (double) step / steps;
            // Red below 50%, through yellow at 75%, to green at 100%: the range where robust accuracies differ.
            float hue = (float) (Math.max(0, Math.min(1, (from - 0.5) / 0.5)) / 3);
            scale.add(from, Color.getHSBColor(hue, 0.65f, 0.95f));
        }
        return scale;
    }
}
