namespace SplitBrain.MLNet.Data;

/// <summary>
/// Checks and reads fixed-size records in binary dataset files. Reading seeks to <c>record × recordSize</c> (a
/// 64-bit offset: STL-10's unlabeled_X.bin is 2.76 GB) and reads one record, so no buffer ever holds a whole file.
/// </summary>
internal static class BinaryRecordFiles
{
    /// <summary>Full path of an existing, non-empty file whose length is a whole number of records; its record count.</summary>
    public static int CountRecords(string filePath, int recordSize, string recordDescription)
    {
        string path = RequireFile(filePath);
        long length = new FileInfo(path).Length;
        if (length == 0)
            throw new InvalidDataException($"Binary file '{path}' is empty (0 bytes); expected {recordDescription}.");
        if (length % recordSize != 0)
        {
            throw new InvalidDataException(
                $"Binary file '{path}' is {length} bytes long, which is not a whole number of {recordSize}-byte " +
                $"records ({length / recordSize} records and {length % recordSize} bytes left over); expected " +
                $"{recordDescription}. The file may be truncated.");
        }

        long count = length / recordSize;
        if (count > int.MaxValue)
            throw new InvalidDataException($"Binary file '{path}' holds {count} records; at most {int.MaxValue} are supported.");
        return (int)count;
    }

    /// <summary>
    /// The full path of <paramref name="filePath"/>; throws <see cref="FileNotFoundException"/> when it is missing.
    /// </summary>
    public static string RequireFile(string filePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        string path = Path.GetFullPath(filePath);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Binary data file '{path}' does not exist.", path);
        return path;
    }

    /// <summary>Opens a file for unbuffered random-access record reads.</summary>
    public static FileStream OpenForRecords(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.RandomAccess);

    /// <summary>Reads record <paramref name="recordIndex"/> into <paramref name="record"/>.</summary>
    public static void ReadRecord(FileStream stream, long recordIndex, int recordSize, Span<byte> record)
    {
        long offset = recordIndex * recordSize;
        try
        {
            stream.Seek(offset, SeekOrigin.Begin);
            stream.ReadExactly(record[..recordSize]);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException(
                $"Binary file '{stream.Name}' ended inside record {recordIndex} (bytes {offset} to " +
                $"{offset + recordSize - 1}); it is now {stream.Length} bytes long. Was it changed after it was opened?", ex);
        }
    }

    /// <summary>
    /// Reads the class names of a binary set: one name per non-blank line, trimmed. Returns
    /// <paramref name="standardNames"/> when the file does not exist.
    /// </summary>
    public static IReadOnlyList<string> ReadClassNames(string namesFilePath, IReadOnlyList<string> standardNames)
    {
        if (!File.Exists(namesFilePath))
            return standardNames;
        string[] names = File.ReadAllLines(namesFilePath)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0)
            .ToArray();
        if (names.Length != standardNames.Count)
        {
            throw new InvalidDataException(
                $"Class-name file '{Path.GetFullPath(namesFilePath)}' lists {names.Length} non-blank names; expected " +
                $"{standardNames.Count}, one per line.");
        }

        string? duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (duplicate is not null)
            throw new InvalidDataException($"Class-name file '{Path.GetFullPath(namesFilePath)}' lists '{duplicate}' twice.");
        return names;
    }
}
