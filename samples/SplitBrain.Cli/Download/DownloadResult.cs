namespace SplitBrain.Cli.Download;

/// <summary>Where a downloaded data set landed.</summary>
/// <param name="ArchivePath">The verified archive, kept so that a rerun needs no network.</param>
/// <param name="DataFolder">The extracted data (for CIFAR-10, the <c>cifar-10-batches-bin</c> folder).</param>
/// <param name="FileCount">Files extracted.</param>
/// <param name="ByteCount">Their total size in bytes.</param>
internal sealed record DownloadResult(string ArchivePath, string DataFolder, int FileCount, long ByteCount);
