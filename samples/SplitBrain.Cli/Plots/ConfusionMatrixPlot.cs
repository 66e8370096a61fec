using System.Globalization;
using ScottPlot;
using SplitBrain.Cli.Infrastructure;

namespace SplitBrain.Cli.Plots;

/// <summary>
/// A confusion-matrix heatmap: true class down the left, predicted class along the bottom, each cell coloured by the
/// share of its row (so the diagonal shows per-class recall) and labelled with its count.
/// </summary>
public static class ConfusionMatrixPlot
{
    /// <summary>Writes the heatmap.</summary>
    /// <param name="path">The PNG file to write (atomically); its folder is created.</param>
    /// <param name="classNames">The class names, in the order of the rows and columns of <paramref name="counts"/>.</param>
    /// <param name="counts"><c>counts[t, p]</c> = images of true class t predicted as p; non-negative.</param>
    /// <param name="title">The title above the plot.</param>
    /// <param name="width">Image width in pixels; null scales with the number of classes.</param>
    /// <param name="height">Image height in pixels; null scales with the number of classes.</param>
    /// <exception cref="UserInputException">The matrix is not square, does not match the names, or has a negative count.</exception>
    public static void Write(
        string path, string[] classNames, int[,] counts, string title = "confusion matrix", int? width = null,
        int? height = null)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(counts);
        int classes = classNames.Length;
        if (classes == 0 || counts.GetLength(0) != classes || counts.GetLength(1) != classes)
        {
            throw new UserInputException(
                $"The confusion matrix is {counts.GetLength(0)}x{counts.GetLength(1)} but there are {classes} class names; " +
                "expected a square matrix with one row and column per class.");
        }

        var shares = new double[classes, classes];
        for (int t = 0; t < classes; t++)
        {
            long rowTotal = 0;
            for (int p = 0; p < classes; p++)
            {
                if (counts[t, p] < 0)
                {
                    throw new UserInputException(
                        $"The confusion matrix has a negative count {counts[t, p]} at true '{classNames[t]}', " +
                        $"predicted '{classNames[p]}'; counts must be zero or more.");
                }

                rowTotal += counts[t, p];
            }

            for (int p = 0; p < classes; p++)
            {
                shares[t, p] = rowTotal == 0 ? 0 : (double)counts[t, p] / rowTotal;
            }
        }

        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("predicted");
        plot.YLabel("true");

        // Row 0 of the intensities is drawn at the top. With centred cells the extent runs between the centres of the
        // corner cells, so cell (t, p) spans x = p .. p+1 and y = classes-t-1 .. classes-t.
        var heatmap = plot.Add.Heatmap(shares);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.CellAlignment = Alignment.MiddleCenter;
        heatmap.Extent = new CoordinateRect(0.5, classes - 0.5, 0.5, classes - 0.5);
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        var colourBar = plot.Add.ColorBar(heatmap);
        colourBar.Label = "share of the true class";

        float fontSize = classes <= 10 ? 14 : classes <= 20 ? 10 : 7;
        for (int t = 0; t < classes; t++)
        {
            for (int p = 0; p < classes; p++)
            {
                var text = plot.Add.Text(counts[t, p].ToString(CultureInfo.InvariantCulture), p + 0.5, classes - t - 0.5);
                text.Alignment = Alignment.MiddleCenter;
                text.LabelFontSize = fontSize;
                text.LabelFontColor = shares[t, p] > 0.6 ? Colors.Black : Colors.White;
            }
        }

        double[] positions = Enumerable.Range(0, classes).Select(i => i + 0.5).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, classNames);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        int longestName = classNames.Max(name => name.Length);
        plot.Axes.Bottom.MinimumSize = 40 + longestName * 6;
        double[] rowPositions = Enumerable.Range(0, classes).Select(t => classes - t - 0.5).ToArray();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(rowPositions, classNames);
        plot.Axes.SetLimits(0, classes, 0, classes);
        plot.Grid.IsVisible = false;

        int side = Math.Clamp(300 + 50 * classes, 500, 2000);
        PlotFile.WritePng(path, plot, width ?? side + 250, height ?? side + 100);
    }
}
