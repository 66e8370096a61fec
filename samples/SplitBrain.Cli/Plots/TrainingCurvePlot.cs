using ScottPlot;

namespace SplitBrain.Cli.Plots;

/// <summary>
/// Line plots of values per epoch: training losses (one line per loss name), and optionally validation metrics in a
/// second panel below.
/// </summary>
public static class TrainingCurvePlot
{
    /// <summary>
    /// Writes one panel with a line per series name found in <paramref name="epochs"/>. An epoch that lacks a series,
    /// or has a NaN or infinite value for it, leaves a gap-free line through the other points.
    /// </summary>
    /// <param name="path">The PNG file to write (atomically); its folder is created.</param>
    /// <param name="title">The title above the plot.</param>
    /// <param name="epochs">Per epoch (1-based numbers, any order), the values by series name.</param>
    /// <param name="yAxisLabel">The label of the vertical axis.</param>
    /// <param name="width">Image width in pixels, at least 100.</param>
    /// <param name="height">Image height in pixels, at least 100.</param>
    public static void Write(
        string path, string title, IReadOnlyList<(int Epoch, IReadOnlyDictionary<string, double> Values)> epochs,
        string yAxisLabel = "loss", int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var plot = new Plot();
        Fill(plot, title, epochs, yAxisLabel);
        PlotFile.WritePng(path, plot, width, height);
    }

    /// <summary>
    /// Writes two panels: the losses on top and the validation metrics (for example "top1" and "top5", as fractions
    /// in [0, 1], drawn as percentages) below, on the same epoch axis.
    /// </summary>
    /// <param name="path">The PNG file to write (atomically); its folder is created.</param>
    /// <param name="title">The title above the top panel.</param>
    /// <param name="losses">Per epoch, the training losses by name.</param>
    /// <param name="validation">Per epoch, validation metrics by name as fractions; may be empty.</param>
    /// <param name="width">Image width in pixels, at least 100.</param>
    /// <param name="height">Image height in pixels, at least 100.</param>
    public static void WriteWithValidation(
        string path, string title, IReadOnlyList<(int Epoch, IReadOnlyDictionary<string, double> Values)> losses,
        IReadOnlyList<(int Epoch, IReadOnlyDictionary<string, double> Values)> validation,
        int width = 800, int height = 800)
    {
        ArgumentNullException.ThrowIfNull(losses);
        ArgumentNullException.ThrowIfNull(validation);
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        Plot lossPlot = multiplot.GetPlot(0);
        Plot validationPlot = multiplot.GetPlot(1);
        Fill(lossPlot, title, losses, "loss");

        var percentages = validation
            .Select(e => (e.Epoch, (IReadOnlyDictionary<string, double>)e.Values.ToDictionary(
                pair => pair.Key, pair => pair.Value * 100)))
            .ToList();
        Fill(validationPlot, "validation", percentages, "accuracy (%)");
        if (percentages.Count == 0)
        {
            validationPlot.Add.Annotation("no validation data");
        }
        else
        {
            validationPlot.ShowLegend(Alignment.LowerRight);
        }

        PlotFile.WritePng(path, multiplot, width, height);
    }

    private static void Fill(
        Plot plot, string title, IReadOnlyList<(int Epoch, IReadOnlyDictionary<string, double> Values)> epochs,
        string yAxisLabel)
    {
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yAxisLabel);

        var ordered = epochs.OrderBy(e => e.Epoch).ToList();
        var seriesNames = new List<string>();
        foreach ((_, IReadOnlyDictionary<string, double> values) in ordered)
        {
            seriesNames.AddRange(values.Keys.Where(name => !seriesNames.Contains(name)));
        }

        for (int i = 0; i < seriesNames.Count; i++)
        {
            string name = seriesNames[i];
            var points = ordered
                .Where(e => e.Values.TryGetValue(name, out double value) && double.IsFinite(value))
                .Select(e => new Coordinates(e.Epoch, e.Values[name]))
                .ToArray();
            if (points.Length == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(points, PlotFile.SeriesColour(i));
            line.LegendText = name;
            line.LineWidth = 2;
            line.MarkerSize = points.Length > 40 ? 0 : 6;
        }

        if (seriesNames.Count > 0)
        {
            plot.ShowLegend(Alignment.UpperRight);
        }

        if (ordered.Count > 0)
        {
            int last = ordered[^1].Epoch;
            int first = ordered[0].Epoch;
            plot.Axes.SetLimitsX(first - 0.5, last + 0.5);
        }
    }

    /// <summary>
    /// Writes a fine-tuning history (per epoch: "loss" and, with validation data, metrics such as "top1"): two panels
    /// when any epoch has validation metrics, else the loss alone.
    /// </summary>
    /// <param name="path">The PNG file to write (atomically); its folder is created.</param>
    /// <param name="history">Per epoch, the values the classifier trainer recorded.</param>
    public static void WriteFineTuning(string path, IReadOnlyList<(int Epoch, Dictionary<string, double> Values)> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var losses = Select(history, name => name == "loss");
        var validation = Select(history, name => name != "loss");
        if (validation.Any(epoch => epoch.Values.Count > 0))
            WriteWithValidation(path, "fine-tuning", losses, validation);
        else
            Write(path, "fine-tuning", losses);
    }

    private static List<(int Epoch, IReadOnlyDictionary<string, double> Values)> Select(
        IReadOnlyList<(int Epoch, Dictionary<string, double> Values)> history, Func<string, bool> keep) =>
        history.Select(h => (h.Epoch, (IReadOnlyDictionary<string, double>)h.Values.Where(v => keep(v.Key)).ToDictionary()))
            .ToList();
}
