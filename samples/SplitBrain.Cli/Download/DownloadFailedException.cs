namespace SplitBrain.Cli.Download;

/// <summary>
/// A download that did not complete: no network, a server error, or a checksum mismatch of the received bytes. The
/// command runner turns it into exit code 1 (<see cref="Infrastructure.ExitCodes.Failure"/>).
/// </summary>
internal sealed class DownloadFailedException : Exception
{
    public DownloadFailedException(string message)
        : base(message)
    {
    }

    public DownloadFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
