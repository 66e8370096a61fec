using System.Globalization;
using System.Text;
using SplitBrain.MLNet;

namespace SplitBrain.Cli.Infrastructure;

/// <summary>
/// The plain-text lines of <see cref="TrainingProgressDisplay"/>: numbers in the invariant culture, losses with three
/// decimals, throughput with one, durations as <c>h:mm:ss</c>.
/// </summary>
internal static class TrainingProgressFormatter
{
    /// <summary>
    /// A line for a snapshot taken during an epoch, for example
    /// <c>pretrain epoch 2/5 step 120/782 single 3.912 pair 4.001 88.1 img/s eta 0:07:12</c>.
    /// </summary>
    /// <param name="progress">The snapshot.</param>
    /// <param name="eta">Time left for the whole run; null prints <c>eta ?</c>.</param>
    public static string FormatStepLine(TrainingProgress progress, TimeSpan? eta)
    {
        var line = new StringBuilder();
        AppendPosition(line, progress);
        line.Append(CultureInfo.InvariantCulture, $" step {progress.Step}/{progress.StepsPerEpoch}");
        AppendMetrics(line, progress.Losses);
        line.Append(CultureInfo.InvariantCulture, $" {progress.ImagesPerSecond:F1} img/s");
        line.Append(" eta ").Append(eta is null ? "?" : FormatDuration(eta.Value));
        return line.ToString();
    }

    /// <summary>
    /// A line for the report sent at the end of an epoch, for example
    /// <c>pretrain epoch 2/5 done single 3.901 pair 3.990 88.3 img/s elapsed 0:03:10 val top1 0.412 top5 0.871</c>.
    /// </summary>
    public static string FormatEpochLine(TrainingProgress progress)
    {
        var line = new StringBuilder();
        AppendPosition(line, progress);
        line.Append(" done");
        AppendMetrics(line, progress.Losses);
        line.Append(CultureInfo.InvariantCulture, $" {progress.ImagesPerSecond:F1} img/s");
        line.Append(" elapsed ").Append(FormatDuration(progress.Elapsed));
        if (progress.Validation is { Count: > 0 } validation)
        {
            line.Append(" val");
            AppendMetrics(line, validation);
        }

        return line.ToString();
    }

    /// <summary>A duration as <c>h:mm:ss</c>, hours unbounded (<c>27:03:09</c>), negative values as zero.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        long totalSeconds = Math.Max(0, (long)Math.Round(duration.TotalSeconds));
        return string.Create(CultureInfo.InvariantCulture,
            $"{totalSeconds / 3600}:{totalSeconds / 60 % 60:D2}:{totalSeconds % 60:D2}");
    }

    private static void AppendPosition(StringBuilder line, TrainingProgress progress) =>
        line.Append(CultureInfo.InvariantCulture, $"{progress.Phase} epoch {progress.Epoch}/{progress.Epochs}");

    private static void AppendMetrics(StringBuilder line, IReadOnlyDictionary<string, double> metrics)
    {
        foreach ((string name, double value) in metrics)
        {
            line.Append(' ').Append(name).Append(' ').Append(value.ToString("F3", CultureInfo.InvariantCulture));
        }
    }
}
