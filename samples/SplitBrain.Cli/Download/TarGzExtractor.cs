using System.Formats.Tar;
using System.IO.Compression;

namespace SplitBrain.Cli.Download;

/// <summary>
/// Extracts a .tar.gz archive into a folder. Entries go first to a hidden working folder beside the target and are
/// moved into place only when the whole archive has been read, so an interrupted run never leaves half a data set
/// under the final name. Only regular files and folders are extracted; an entry whose path would land outside the
/// target folder is refused.
/// </summary>
internal static class TarGzExtractor
{
    /// <summary>Extracts <paramref name="archivePath"/> into <paramref name="destination"/>.</summary>
    /// <returns>The top-level names that were put in place, and the number and total size of the files.</returns>
    /// <exception cref="InvalidDataException">The file is not a gzip-compressed tar archive, or an entry is unsafe.</exception>
    public static ExtractionResult Extract(string archivePath, string destination, CancellationToken cancellationToken)
    {
        string root = Path.GetFullPath(destination);
        Directory.CreateDirectory(root);
        string working = Path.Combine(root, ".extracting-" + Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal));
        Directory.CreateDirectory(working);
        try
        {
            (int files, long bytes) = ExtractEntries(archivePath, working, cancellationToken);
            var topLevel = Directory.EnumerateFileSystemEntries(working).Select(Path.GetFileName).OfType<string>()
                .Order(StringComparer.Ordinal).ToArray();
            foreach (string name in topLevel)
            {
                string target = Path.Combine(root, name);
                if (Directory.Exists(target))
                {
                    Directory.Delete(target, recursive: true);
                }
                else if (File.Exists(target))
                {
                    File.Delete(target);
                }

                string source = Path.Combine(working, name);
                if (Directory.Exists(source))
                {
                    Directory.Move(source, target);
                }
                else
                {
                    File.Move(source, target);
                }
            }

            return new ExtractionResult(topLevel, files, bytes);
        }
        finally
        {
            if (Directory.Exists(working))
            {
                Directory.Delete(working, recursive: true);
            }
        }
    }

    private static (int Files, long Bytes) ExtractEntries(string archivePath, string working, CancellationToken cancellationToken)
    {
        int files = 0;
        long bytes = 0;
        string workingPrefix = working + Path.DirectorySeparatorChar;
        string? unsafeEntry = null;
        try
        {
            using var archive = File.OpenRead(archivePath);
            using var gzip = new GZipStream(archive, CompressionMode.Decompress);
            using var reader = new TarReader(gzip);
            while (reader.GetNextEntry() is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string relative = entry.Name.Replace('\\', '/').TrimStart('/');
                if (relative.Length == 0 || relative == "." || relative == "./")
                {
                    continue;
                }

                string target = Path.GetFullPath(Path.Combine(working, relative));
                if (!target.StartsWith(workingPrefix, StringComparison.Ordinal))
                {
                    unsafeEntry = entry.Name;
                    break;
                }

                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(target);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        entry.ExtractToFile(target, overwrite: true);
                        files++;
                        bytes += entry.Length;
                        break;
                    default:
                        // Links and devices have no place in a data set archive; they are skipped.
                        break;
                }
            }
        }
        catch (Exception error) when (error is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidDataException(
                $"The file '{archivePath}' is not a readable .tar.gz archive: {error.Message}", error);
        }

        if (unsafeEntry is not null)
        {
            throw new InvalidDataException(
                $"The archive '{archivePath}' has an entry '{unsafeEntry}' that points outside the data folder; " +
                "nothing was extracted.");
        }

        return (files, bytes);
    }
}
