namespace SplitBrain.Cli.Download;

/// <summary>Bytes of the archive on disk so far (including a resumed part), and the full size when known.</summary>
internal readonly record struct DownloadProgress(long BytesReceived, long? TotalBytes);
