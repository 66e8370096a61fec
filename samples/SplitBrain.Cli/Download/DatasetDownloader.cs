using System.Globalization;
using System.Security.Cryptography;

namespace SplitBrain.Cli.Download;

/// <summary>
/// The work of <c>splitbrain download</c>: use the archive already in the target folder if there is one, otherwise
/// download it (resuming a <c>.partial</c> file), check its MD5, and extract it.
/// </summary>
internal static class DatasetDownloader
{
    /// <summary>The suffix of an unfinished download beside the archive's final name.</summary>
    public const string PartialSuffix = ".partial";

    /// <summary>Makes <paramref name="dataset"/> ready in <paramref name="folder"/>.</summary>
    /// <param name="dataset">What to fetch; tests pass their own with a small archive's checksum.</param>
    /// <param name="folder">The target folder (created); the archive is kept there as <c>FileName</c>.</param>
    /// <param name="mirror">A folder URL serving the same file name, or null for the publisher's URL.</param>
    /// <param name="downloader">The HTTP client side.</param>
    /// <param name="log">Receives one line per step.</param>
    /// <param name="progress">Receives the bytes received during a download.</param>
    /// <param name="cancellationToken">Stops the download (the partial file is kept) or the extraction.</param>
    /// <exception cref="DownloadFailedException">
    /// The download failed or its checksum was wrong; the message says how to fetch the file by hand and where to put it.
    /// </exception>
    /// <exception cref="InvalidDataException">The archive already in the folder has the wrong checksum.</exception>
    public static async Task<DownloadResult> RunAsync(
        DatasetArchive dataset, string folder, Uri? mirror, ResumableDownloader downloader, TextWriter log,
        IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        string root = Path.GetFullPath(folder);
        Directory.CreateDirectory(root);
        string archivePath = Path.Combine(root, dataset.FileName);
        string partialPath = archivePath + PartialSuffix;

        if (File.Exists(archivePath))
        {
            log.WriteLine($"Found {archivePath}; checking its MD5 checksum.");
            string md5 = await ComputeMd5Async(archivePath, cancellationToken).ConfigureAwait(false);
            if (md5 != dataset.Md5)
            {
                throw new InvalidDataException(
                    $"'{archivePath}' has MD5 {md5} but the {dataset.DisplayName} archive has {dataset.Md5}: it is damaged " +
                    $"or a different file. Delete it and rerun, or replace it with a copy of {dataset.OfficialUrl}.");
            }
        }
        else
        {
            Uri url = dataset.DownloadUrl(mirror);
            if (File.Exists(partialPath))
            {
                log.WriteLine($"Resuming {url} at {FormatBytes(new FileInfo(partialPath).Length)} into {partialPath}.");
            }
            else
            {
                log.WriteLine($"Downloading {url} to {partialPath}.");
            }

            try
            {
                await downloader.DownloadAsync(url, partialPath, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (DownloadFailedException error)
            {
                throw new DownloadFailedException(
                    $"The download of {dataset.DisplayName} failed: {error.Message}. " +
                    ManualDownloadAdvice(dataset, root, archivePath, File.Exists(partialPath) ? partialPath : null),
                    error);
            }

            string md5 = await ComputeMd5Async(partialPath, cancellationToken).ConfigureAwait(false);
            if (md5 != dataset.Md5)
            {
                File.Delete(partialPath);
                throw new DownloadFailedException(
                    $"The file downloaded from {url} has MD5 {md5}, but the {dataset.DisplayName} archive has " +
                    $"{dataset.Md5}; the download was deleted. Rerun the command to fetch it again. " +
                    ManualDownloadAdvice(dataset, root, archivePath, partialPath: null));
            }

            File.Move(partialPath, archivePath, overwrite: true);
            log.WriteLine($"Checksum verified (MD5 {md5}).");
        }

        log.WriteLine($"Extracting {archivePath} into {root}.");
        ExtractionResult extracted = TarGzExtractor.Extract(archivePath, root, cancellationToken);
        string dataFolder = Path.Combine(root, dataset.ExtractedFolder);
        if (!Directory.Exists(dataFolder))
        {
            dataFolder = root;
        }

        return new DownloadResult(archivePath, dataFolder, extracted.FileCount, extracted.ByteCount);
    }

    /// <summary>The sentence that tells a user without network what to do.</summary>
    public static string ManualDownloadAdvice(DatasetArchive dataset, string root, string archivePath, string? partialPath) =>
        $"Without network access, download {dataset.OfficialUrl} by hand (MD5 {dataset.Md5}; see {dataset.HomePage}), " +
        $"put it at {archivePath}, and run `splitbrain download {dataset.Name} --to {root}` again: it checks and " +
        "extracts that file without network access." +
        (partialPath is null ? "" : $" The partial download {partialPath} is kept and resumed on the next run.");

    /// <summary>The MD5 of a file as 32 lower-case hex digits.</summary>
    public static async Task<string> ComputeMd5Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20,
            useAsync: true);
        byte[] hash = await MD5.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>A byte count in the largest unit that keeps it at least 1 (B, KB, MB, GB; powers of 1000).</summary>
    public static string FormatBytes(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:F1} {units[unit]}");
    }
}
