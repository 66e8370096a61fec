using SkiaSharp;
using SplitBrain.Cli.Infrastructure;
using SplitBrain.Cli.Plots;
using Xunit;

namespace SplitBrain.Cli.Tests.Plots;

public sealed class PlotWriterTests
{
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void TrainingCurveIsAPngOfTheAskedSize()
    {
        using var folder = new TempFolder();
        string path = folder.Combine("plots", "pretrain-loss.png");

        TrainingCurvePlot.Write(path, "pretrain", Epochs(5, "single", "pair"), width: 640, height: 400);

        AssertPng(path, 640, 400);
        AssertNoTemporaryFiles(folder.Path);
    }

    [Fact]
    public void TrainingCurveWithValidationHasTwoPanels()
    {
        using var folder = new TempFolder();
        string path = folder.Combine("finetune.png");

        TrainingCurvePlot.WriteWithValidation(path, "finetune", Epochs(4, "loss"), Epochs(4, "top1", "top5"),
            width: 600, height: 700);

        AssertPng(path, 600, 700);
        AssertNoTemporaryFiles(folder.Path);
    }

    [Theory]
    [InlineData(true, 800)]   // validation metrics: the two-panel plot (default 800 high)
    [InlineData(false, 500)]  // loss alone: the one-panel plot (default 500 high)
    public void FineTuningHistoryGetsTwoPanelsOnlyWithValidation(bool withValidation, int expectedHeight)
    {
        using var folder = new TempFolder();
        string path = folder.Combine("finetune-curve.png");
        var history = Enumerable.Range(1, 3).Select(epoch => (epoch, withValidation
            ? new Dictionary<string, double> { ["loss"] = 1.0 / epoch, ["top1"] = 0.2 * epoch, ["top5"] = 0.3 * epoch }
            : new Dictionary<string, double> { ["loss"] = 1.0 / epoch })).ToList();

        TrainingCurvePlot.WriteFineTuning(path, history);

        AssertPng(path, 800, expectedHeight);
    }

    [Fact]
    public void ConfusionMatrixIsAPngAndRejectsAMismatchedMatrix()
    {
        using var folder = new TempFolder();
        string path = folder.Combine("confusion.png");
        string[] names = ["cat", "dog", "ship"];
        int[,] counts = { { 9, 1, 0 }, { 2, 7, 1 }, { 0, 0, 10 } };

        ConfusionMatrixPlot.Write(path, names, counts, width: 700, height: 600);

        AssertPng(path, 700, 600);
        var mismatch = Assert.Throws<UserInputException>(
            () => ConfusionMatrixPlot.Write(folder.Combine("bad.png"), ["cat", "dog"], counts));
        Assert.Contains("3x3", mismatch.Message);
        Assert.False(File.Exists(folder.Combine("bad.png")));
        AssertNoTemporaryFiles(folder.Path);
    }

    [Fact]
    public void LabelEfficiencyTakesSeveralSeries()
    {
        using var folder = new TempFolder();
        string path = folder.Combine("label-efficiency.png");

        LabelEfficiencyPlot.Write(path, [
            ("split-brain", [(1, 0.21), (10, 0.43), (100, 0.66)]),
            ("from scratch", [(1, 0.12), (10, 0.30), (100, 0.58)]),
        ]);

        AssertPng(path, 800, 500);
        AssertNoTemporaryFiles(folder.Path);
    }

    [Fact]
    public void RewritingAPlotReplacesItWholly()
    {
        using var folder = new TempFolder();
        string path = folder.Combine("curve.png");
        TrainingCurvePlot.Write(path, "first", Epochs(2, "a"), width: 300, height: 200);

        TrainingCurvePlot.Write(path, "second", Epochs(3, "a"), width: 500, height: 300);

        AssertPng(path, 500, 300);
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void APathThatIsNotPngIsBadInput()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<UserInputException>(
            () => TrainingCurvePlot.Write(folder.Combine("curve.jpg"), "x", Epochs(2, "a")));
        Assert.Contains("curve.jpg", error.Message);
    }

    private static List<(int Epoch, IReadOnlyDictionary<string, double> Values)> Epochs(int count, params string[] names) =>
        Enumerable.Range(1, count)
            .Select(e => (e, (IReadOnlyDictionary<string, double>)names
                .Select((name, i) => (name, value: 1.0 / (e + i)))
                .ToDictionary(p => p.name, p => p.value)))
            .ToList();

    private static void AssertPng(string path, int width, int height)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 2000, $"{path} is only {bytes.Length} bytes.");
        Assert.Equal(PngMagic, bytes[..8]);
        using SKBitmap bitmap = SKBitmap.Decode(bytes);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);

        // A real drawing has many colours, not a blank canvas.
        var colours = new HashSet<SKColor>();
        for (int y = 0; y < height; y += 3)
        {
            for (int x = 0; x < width; x += 3)
            {
                colours.Add(bitmap.GetPixel(x, y));
            }
        }

        Assert.True(colours.Count > 20, $"{path} has only {colours.Count} distinct colours.");
    }

    private static void AssertNoTemporaryFiles(string root) =>
        Assert.Empty(Directory.GetFiles(root, "*" + AtomicFileWriter.TemporarySuffix, SearchOption.AllDirectories));
}
