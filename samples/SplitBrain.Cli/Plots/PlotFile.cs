using ScottPlot;
using SplitBrain.Cli.Infrastructure;

namespace SplitBrain.Cli.Plots;

/// <summary>Renders ScottPlot figures to PNG bytes and writes them atomically.</summary>
internal static class PlotFile
{
    /// <summary>The series colours, in order: a colour-blind-safe palette (Okabe and Ito, 2008).</summary>
    public static readonly Color[] SeriesColours =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#D55E00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#E69F00"), Color.FromHex("#56B4E9"), Color.FromHex("#F0E442"), Color.FromHex("#000000"),
    ];

    public static void WritePng(string path, Plot plot, int width, int height)
    {
        CheckPath(path);
        CheckSize(width, height);
        byte[] png = plot.GetImageBytes(width, height, ImageFormat.Png);
        AtomicFileWriter.WriteAllBytes(path, png);
    }

    public static void WritePng(string path, Multiplot multiplot, int width, int height)
    {
        CheckPath(path);
        CheckSize(width, height);
        using Image image = multiplot.Render(width, height);
        AtomicFileWriter.WriteAllBytes(path, image.GetImageBytes(ImageFormat.Png, 100));
    }

    public static Color SeriesColour(int index) => SeriesColours[index % SeriesColours.Length];

    private static void CheckPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new UserInputException($"The plot file '{path}' must end in .png.");
        }
    }

    private static void CheckSize(int width, int height)
    {
        if (width < 100 || height < 100)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A plot of {width}x{height} pixels is too small; use at least 100x100.");
        }
    }
}
