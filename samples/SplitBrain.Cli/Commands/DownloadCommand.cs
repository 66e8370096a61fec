using System.CommandLine;
using SplitBrain.Cli.Download;
using SplitBrain.Cli.Infrastructure;
using Spectre.Console;

namespace SplitBrain.Cli.Commands;

/// <summary>
/// <c>splitbrain download cifar10|stl10 --to DIR [--mirror URL]</c>: fetches a data set's official archive, checks its
/// MD5, resumes an interrupted download, and extracts it. docs/cli.md, section "splitbrain download", is the manual.
/// </summary>
public static class DownloadCommand
{
    /// <summary>The environment variable that gives a mirror URL when <c>--mirror</c> is absent.</summary>
    public const string MirrorVariable = "SPLITBRAIN_DOWNLOAD_MIRROR";

    /// <summary>Builds the command for the root command's subcommand list.</summary>
    public static Command Create()
    {
        var dataset = new Argument<string>("dataset")
        {
            Description = "The data set: " + string.Join(" or ", DatasetCatalog.All.Select(d => d.Name)) + ".",
        };
        dataset.AcceptOnlyFromAmong(DatasetCatalog.All.Select(d => d.Name).ToArray());
        var to = new Option<string>("--to")
        {
            Description = "The folder to put the archive and the extracted data in (created if missing).",
            DefaultValueFactory = _ => "data",
        };
        var mirror = new Option<string?>("--mirror")
        {
            Description = "A URL of a folder that serves the same archive file name, used instead of the " +
                $"publisher's site. Default: the {MirrorVariable} environment variable, else the publisher.",
        };

        var command = new Command("download", "Download CIFAR-10 or STL-10 from its publisher, check it and extract it.")
        {
            dataset,
            to,
            mirror,
        };
        command.SetAction(parseResult => CommandRunner.Run(cancellationToken => Run(
            parseResult.GetValue(dataset)!, parseResult.GetValue(to)!,
            parseResult.GetValue(mirror) ?? Environment.GetEnvironmentVariable(MirrorVariable),
            Console.Out, TrainingProgressDisplay.IsInteractiveTerminal, cancellationToken),
            cancelledMessage: "Download stopped; rerun the same command to resume it."));
        return command;
    }

    /// <summary>The command body; returns the exit code.</summary>
    internal static int Run(
        string datasetName, string folder, string? mirror, TextWriter output, bool interactive,
        CancellationToken cancellationToken) =>
        RunAsync(datasetName, folder, mirror, output, interactive, new ResumableDownloader(), cancellationToken)
            .GetAwaiter().GetResult();

    /// <summary>The command body with the HTTP side and the catalogue entry open to tests.</summary>
    internal static async Task<int> RunAsync(
        string datasetName, string folder, string? mirror, TextWriter output, bool interactive,
        ResumableDownloader downloader, CancellationToken cancellationToken, DatasetArchive? datasetOverride = null)
    {
        using (downloader)
        {
            DatasetArchive dataset = datasetOverride ?? DatasetCatalog.Find(datasetName)
                ?? throw new UserInputException(
                    $"Unknown data set '{datasetName}'; expected one of: {string.Join(", ", DatasetCatalog.All.Select(d => d.Name))}.");
            Uri? mirrorUrl = ParseMirror(mirror);

            DownloadResult result;
            if (interactive)
            {
                result = await AnsiConsole.Progress()
                    .AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                        new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        ProgressTask task = context.AddTask(dataset.FileName, autoStart: true, maxValue: 1);
                        task.IsIndeterminate = true;
                        var progress = new SynchronousProgress(p =>
                        {
                            if (p.TotalBytes is long total && total > 0)
                            {
                                task.IsIndeterminate = false;
                                task.MaxValue = total;
                            }

                            task.Value = p.BytesReceived;
                        });
                        // Lines go through Spectre.Console so that they print above the live bar.
                        return await DatasetDownloader.RunAsync(dataset, folder, mirrorUrl, downloader,
                            new AnsiConsoleLineWriter(), progress, cancellationToken).ConfigureAwait(false);
                    }).ConfigureAwait(false);
            }
            else
            {
                var lines = new PlainDownloadProgress(output, TimeSpan.FromSeconds(10));
                result = await DatasetDownloader.RunAsync(dataset, folder, mirrorUrl, downloader, output,
                    lines, cancellationToken).ConfigureAwait(false);
            }

            output.WriteLine($"{dataset.DisplayName} is ready in {result.DataFolder} ({result.FileCount} files, " +
                $"{DatasetDownloader.FormatBytes(result.ByteCount)}); the archive stays at {result.ArchivePath}.");
            output.WriteLine($"Next: splitbrain pretrain --data {Quote(result.DataFolder)}");
            return ExitCodes.Success;
        }
    }

    private static Uri? ParseMirror(string? mirror)
    {
        if (string.IsNullOrWhiteSpace(mirror))
        {
            return null;
        }

        if (!Uri.TryCreate(mirror, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new UserInputException(
                $"--mirror (or {MirrorVariable}) must be an http:// or https:// URL of a folder; got '{mirror}'.");
        }

        return url;
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;

    /// <summary>Forwards whole lines to <see cref="AnsiConsole"/> as plain text.</summary>
    private sealed class AnsiConsoleLineWriter : StringWriter
    {
        public override void WriteLine(string? value) => AnsiConsole.WriteLine(value ?? "");
    }

    /// <summary>Calls back on the reporting thread (unlike <see cref="Progress{T}"/>, which posts to the pool).</summary>
    private sealed class SynchronousProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
