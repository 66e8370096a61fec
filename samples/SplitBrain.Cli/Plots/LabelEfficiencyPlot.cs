using System.Globalization;
using ScottPlot;

namespace SplitBrain.Cli.Plots;

/// <summary>
/// Top-1 accuracy against the number of labelled images per class, one line per named series (for example
/// "split-brain pretrained" and "from scratch"), on a logarithmic label axis.
/// </summary>
public static class LabelEfficiencyPlot
{
    /// <summary>Writes the plot with a single unnamed series.</summary>
    /// <param name="path">The PNG file to write (atomically); its folder is created.</param>
    /// <param name="points">Labels per class (at least 1) and top-1 accuracy as a fraction in [0, 1].</param>
    /// <param name="title">The title above the plot.</param>
    public static void Write(
        string path, IReadOnlyList<(int LabelsPerClass, double Top1)> points, string title = "label efficiency") =>
        Write(path, [("top-1", points)], title);

    /// <summary>Writes the plot with one line per series.</summary>
    /// <param name="path">The PNG file to write (atomically); its folder is created.</param>
    /// <param name="series">Per series, its legend name and its points (labels per class ≥ 1, top-1 in [0, 1]).</param>
    /// <param name="title">The title above the plot.</param>
    /// <param name="width">Image width in pixels, at least 100.</param>
    /// <param name="height">Image height in pixels, at least 100.</param>
    public static void Write(
        string path, IReadOnlyList<(string Name, IReadOnlyList<(int LabelsPerClass, double Top1)> Points)> series,
        string title = "label efficiency", int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("labelled images per class (log scale)");
        plot.YLabel("top-1 accuracy (%)");

        var labelCounts = new SortedSet<int>();
        for (int i = 0; i < series.Count; i++)
        {
            (string name, IReadOnlyList<(int LabelsPerClass, double Top1)> points) = series[i];
            foreach ((int labelsPerClass, double top1) in points)
            {
                if (labelsPerClass < 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(series), labelsPerClass,
                        $"Series '{name}' has {labelsPerClass} labels per class; expected at least 1.");
                }
            }

            var ordered = points.Where(p => double.IsFinite(p.Top1)).OrderBy(p => p.LabelsPerClass).ToArray();
            if (ordered.Length == 0)
            {
                continue;
            }

            var coordinates = ordered.Select(p => new Coordinates(Math.Log10(p.LabelsPerClass), p.Top1 * 100)).ToArray();
            var line = plot.Add.Scatter(coordinates, PlotFile.SeriesColour(i));
            line.LegendText = name;
            line.LineWidth = 2;
            line.MarkerSize = 7;
            labelCounts.UnionWith(ordered.Select(p => p.LabelsPerClass));
        }

        if (labelCounts.Count > 0)
        {
            double[] positions = labelCounts.Select(c => Math.Log10(c)).ToArray();
            string[] labels = labelCounts.Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
            double span = Math.Max(0.3, positions[^1] - positions[0]);
            plot.Axes.SetLimitsX(positions[0] - span * 0.05, positions[^1] + span * 0.05);
            plot.ShowLegend(Alignment.LowerRight);
        }

        plot.Axes.SetLimitsY(0, 100);
        PlotFile.WritePng(path, plot, width, height);
    }
}
