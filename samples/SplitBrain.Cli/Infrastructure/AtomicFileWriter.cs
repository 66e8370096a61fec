namespace SplitBrain.Cli.Infrastructure;

/// <summary>
/// Writes output files so that a reader never sees half a file: the bytes go to a temporary file in the same folder
/// (named <c>.&lt;name&gt;.&lt;random&gt;.tmp</c>), which is then renamed over the target. If writing fails the
/// temporary file is deleted and the target is left as it was.
/// </summary>
public static class AtomicFileWriter
{
    /// <summary>The suffix of the temporary files; a crash can leave one behind, never a torn target.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, creating its folder if needed.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        string temporaryPath = CreateTemporaryPath(path);
        try
        {
            using (var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporaryPath, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporaryPath);
            throw;
        }
    }

    /// <summary>Writes whatever <paramref name="write"/> puts in the stream to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string temporaryPath = CreateTemporaryPath(path);
        try
        {
            using (var stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporaryPath, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporaryPath);
            throw;
        }
    }

    private static string CreateTemporaryPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"The output path '{path}' has no folder.", nameof(path));
        Directory.CreateDirectory(folder);
        string random = Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal);
        return Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{random}{TemporarySuffix}");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
