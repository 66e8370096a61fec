using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SplitBrain.Cli.Bench;

/// <summary>Writes a <see cref="PretrainBenchReport"/> as a plain-text table or as JSON.</summary>
public static class PretrainBenchTable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string ToText(PretrainBenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var settings = report.Settings;
        var text = new StringBuilder();
        text.AppendLine(Invariant, $"Batch {settings.BatchSize}, {settings.ImageSize}×{settings.ImageSize} images, " +
            $"{settings.GridSize}×{settings.GridSize} grid, {report.TorchThreads} TorchSharp thread(s), CPU.");
        text.AppendLine(Invariant, $"Matmul peak ({report.MatmulSize}×{report.MatmulSize} float32, best of " +
            $"{report.MatmulGflops.Count}): {report.MatmulPeakGflops:F1} GFLOP/s (mean {report.MatmulMeanGflops:F1}).");
        text.AppendLine();
        var rows = new List<string[]>
        {
            new[]
            {
                "step", "encoder", "batch", "steps", "images/s", "min–max images/s", "spread", "GFLOP/s", "% of peak",
                "vs bare Simple",
            },
        };
        foreach (BareStepResult bare in report.BareSteps)
        {
            rows.Add(new[]
            {
                "bare", bare.Encoder.ToString(), Batch(bare.Timings), Count(bare.Timings), Rate(bare.ImagesPerSecond),
                Range(bare.Timings),
                Percent(bare.Timings.RelativeSpread), bare.Gflops.ToString("F1", Invariant),
                Percent(bare.FractionOfPeak), "",
            });
        }
        if (report.EndToEnd is { } endToEnd)
        {
            rows.Add(new[]
            {
                "end to end", "Simple", Batch(endToEnd.Timings), Count(endToEnd.Timings),
                Rate(endToEnd.ImagesPerSecond), Range(endToEnd.Timings),
                Percent(endToEnd.Timings.RelativeSpread), "", "",
                endToEnd.RatioToBareStep is double ratio ? Percent(ratio) : "n/a",
            });
            rows.Add(new[]
            {
                "input only", "", Batch(endToEnd.InputOnly), Count(endToEnd.InputOnly),
                Rate(endToEnd.InputOnly.ImagesPerSecond),
                Range(endToEnd.InputOnly), Percent(endToEnd.InputOnly.RelativeSpread), "", "", "",
            });
        }
        int[] widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (string[] row in rows)
        {
            var cells = row.Select((cell, c) => c < 2 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]));
            text.AppendLine(string.Join("  ", cells).TrimEnd());
        }
        text.AppendLine();
        text.AppendLine("spread: standard deviation of the step times over their mean. GFLOP/s: convolutions only, " +
            "forward + backward counted as 3× forward.");
        text.AppendLine("input only: decode, resize and LabQuantize into batches on one thread, no training " +
            "(what the prefetch thread must keep ahead of).");
        if (report.EndToEnd is { } e)
            text.AppendLine(Invariant, $"End-to-end images: {e.DataDescription}.");
        return text.ToString();
    }

    public static string ToJson(PretrainBenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var settings = report.Settings;
        var document = new
        {
            batchSize = settings.BatchSize,
            imageSize = settings.ImageSize,
            gridSize = settings.GridSize,
            torchThreads = report.TorchThreads,
            matmul = new
            {
                size = report.MatmulSize, peakGflops = report.MatmulPeakGflops, meanGflops = report.MatmulMeanGflops,
            },
            bareSteps = report.BareSteps.Select(b => new
            {
                encoder = b.Encoder.ToString(),
                batchSize = b.Timings.BatchSize,
                steps = b.Timings.StepSeconds.Count,
                imagesPerSecond = b.ImagesPerSecond,
                slowestImagesPerSecond = b.Timings.SlowestImagesPerSecond,
                fastestImagesPerSecond = b.Timings.FastestImagesPerSecond,
                relativeSpread = b.Timings.RelativeSpread,
                forwardFlopsPerImage = b.ForwardFlopsPerImage,
                gflops = b.Gflops,
                fractionOfMatmulPeak = b.FractionOfPeak,
                stepSeconds = b.Timings.StepSeconds,
            }),
            endToEnd = report.EndToEnd is not { } e ? null : new
            {
                encoder = "Simple",
                batchSize = e.Timings.BatchSize,
                data = e.DataDescription,
                steps = e.Timings.StepSeconds.Count,
                imagesPerSecond = e.ImagesPerSecond,
                slowestImagesPerSecond = e.Timings.SlowestImagesPerSecond,
                fastestImagesPerSecond = e.Timings.FastestImagesPerSecond,
                relativeSpread = e.Timings.RelativeSpread,
                ratioToBareSimpleStep = e.RatioToBareStep,
                inputOnlyImagesPerSecond = e.InputOnly.ImagesPerSecond,
                stepSeconds = e.Timings.StepSeconds,
            },
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }

    private static string Batch(StepTimings timings) => timings.BatchSize.ToString(Invariant);

    private static string Count(StepTimings timings) => timings.StepSeconds.Count.ToString(Invariant);

    private static string Rate(double imagesPerSecond) =>
        imagesPerSecond.ToString(imagesPerSecond < 10 ? "F2" : "F1", Invariant);

    private static string Range(StepTimings timings) =>
        $"{Rate(timings.SlowestImagesPerSecond)}–{Rate(timings.FastestImagesPerSecond)}";

    private static string Percent(double fraction) => (100 * fraction).ToString("F1", Invariant) + "%";
}
