namespace SplitBrain.Cli.Download;

/// <summary>What <see cref="TarGzExtractor.Extract"/> put in place.</summary>
/// <param name="TopLevelNames">The files and folders at the top of the archive, now in the destination folder.</param>
/// <param name="FileCount">Regular files extracted.</param>
/// <param name="ByteCount">Their total size in bytes.</param>
internal sealed record ExtractionResult(IReadOnlyList<string> TopLevelNames, int FileCount, long ByteCount);
