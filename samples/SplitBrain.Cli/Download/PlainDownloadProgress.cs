using System.Diagnostics;
using System.Globalization;

namespace SplitBrain.Cli.Download;

/// <summary>
/// Download progress for logs and pipes: a line like <c>downloaded 45.2 MB of 170.1 MB (27%)</c> at most once per
/// interval, plus one when the download completes.
/// </summary>
internal sealed class PlainDownloadProgress(TextWriter output, TimeSpan interval) : IProgress<DownloadProgress>
{
    private readonly Stopwatch _sinceLastLine = Stopwatch.StartNew();
    private bool _finished;

    public void Report(DownloadProgress value)
    {
        bool complete = value.TotalBytes is long total && value.BytesReceived >= total;
        if (_finished || (!complete && _sinceLastLine.Elapsed < interval))
        {
            return;
        }

        output.WriteLine(Format(value));
        _sinceLastLine.Restart();
        _finished = complete;
    }

    /// <summary>The line for one progress report.</summary>
    public static string Format(DownloadProgress value) => value.TotalBytes is long total && total > 0
        ? string.Create(CultureInfo.InvariantCulture,
            $"downloaded {DatasetDownloader.FormatBytes(value.BytesReceived)} of {DatasetDownloader.FormatBytes(total)} " +
            $"({100.0 * value.BytesReceived / total:F0}%)")
        : $"downloaded {DatasetDownloader.FormatBytes(value.BytesReceived)}";
}
