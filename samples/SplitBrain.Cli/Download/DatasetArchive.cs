namespace SplitBrain.Cli.Download;

/// <summary>One downloadable data set: where its publisher serves the archive and how to check it.</summary>
/// <param name="Name">The command-line name, for example <c>cifar10</c>.</param>
/// <param name="DisplayName">The name people use, for example <c>CIFAR-10</c>.</param>
/// <param name="FileName">The archive's file name, also its name under <c>--to</c> and under a mirror.</param>
/// <param name="OfficialUrl">The archive on the publisher's site.</param>
/// <param name="HomePage">The publisher's page about the data set (licence, citation, manual download).</param>
/// <param name="Md5">The archive's MD5 checksum, 32 lower-case hex digits.</param>
/// <param name="ExtractedFolder">The top-level folder inside the archive.</param>
internal sealed record DatasetArchive(
    string Name, string DisplayName, string FileName, Uri OfficialUrl, Uri HomePage, string Md5, string ExtractedFolder)
{
    /// <summary>The URL to fetch: the mirror's folder plus <see cref="FileName"/>, or the official URL.</summary>
    public Uri DownloadUrl(Uri? mirror)
    {
        if (mirror is null)
        {
            return OfficialUrl;
        }

        string folder = mirror.AbsoluteUri.EndsWith('/') ? mirror.AbsoluteUri : mirror.AbsoluteUri + "/";
        return new Uri(new Uri(folder), FileName);
    }
}
