using System.Formats.Tar;
using System.IO.Compression;
using SplitBrain.Cli.Commands;
using SplitBrain.Cli.Download;
using SplitBrain.Cli.Infrastructure;
using Xunit;

namespace SplitBrain.Cli.Tests.Download;

public sealed class DownloadCommandTests
{
    private readonly TestArchive _archive = new();

    [Fact]
    public async Task DownloadsVerifiesAndExtracts()
    {
        using var folder = new TempFolder();
        using var server = new LoopbackHttpServer(_archive.Bytes, _archive.ServerPath);
        var output = new StringWriter();

        int code = await RunAsync(folder.Path, server.FolderUrl, output);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal([null], server.RangeHeaders);
        AssertExtracted(folder.Path);
        Assert.Equal(_archive.Bytes, File.ReadAllBytes(Path.Combine(folder.Path, _archive.Dataset.FileName)));
        Assert.False(File.Exists(PartialPath(folder.Path)));
        string log = output.ToString();
        Assert.Contains($"Tiny is ready in {Path.Combine(folder.Path, TestArchive.FolderName)} (3 files", log);
        Assert.Contains("Next: splitbrain pretrain --data ", log);
    }

    [Fact]
    public async Task ResumesWithARangeRequestAfterTheConnectionBreaks()
    {
        using var folder = new TempFolder();
        using var server = new LoopbackHttpServer(_archive.Bytes, _archive.ServerPath) { CutFirstResponseAfter = 50_000 };

        int code = await RunAsync(folder.Path, server.FolderUrl, new StringWriter());

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal([null, "bytes=50000-"], server.RangeHeaders);
        Assert.Equal([200, 206], server.StatusCodes);
        AssertExtracted(folder.Path);
    }

    [Fact]
    public async Task ResumesAPartialFileLeftByAnEarlierRun()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(PartialPath(folder.Path), _archive.Bytes[..70_000]);
        using var server = new LoopbackHttpServer(_archive.Bytes, _archive.ServerPath);
        var output = new StringWriter();

        int code = await RunAsync(folder.Path, server.FolderUrl, output);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(["bytes=70000-"], server.RangeHeaders);
        Assert.Contains("Resuming", output.ToString());
        AssertExtracted(folder.Path);
    }

    [Fact]
    public async Task RestartsCleanlyWhenTheServerIgnoresRange()
    {
        using var folder = new TempFolder();
        // A partial file whose bytes are wrong: appending to it would give a bad checksum.
        File.WriteAllBytes(PartialPath(folder.Path), new byte[70_000]);
        using var server = new LoopbackHttpServer(_archive.Bytes, _archive.ServerPath) { HonourRange = false };

        int code = await RunAsync(folder.Path, server.FolderUrl, new StringWriter());

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(["bytes=70000-"], server.RangeHeaders);
        Assert.Equal([200], server.StatusCodes);
        Assert.Equal(_archive.Bytes, File.ReadAllBytes(Path.Combine(folder.Path, _archive.Dataset.FileName)));
        AssertExtracted(folder.Path);
    }

    [Fact]
    public async Task ACompletePartialFileIsAcceptedOnA416()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(PartialPath(folder.Path), _archive.Bytes);
        using var server = new LoopbackHttpServer(_archive.Bytes, _archive.ServerPath);

        int code = await RunAsync(folder.Path, server.FolderUrl, new StringWriter());

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal([416], server.StatusCodes);
        AssertExtracted(folder.Path);
    }

    [Fact]
    public async Task AChecksumMismatchFailsDeletesTheDownloadAndExtractsNothing()
    {
        using var folder = new TempFolder();
        using var server = new LoopbackHttpServer(_archive.Bytes, _archive.ServerPath);
        DatasetArchive wrong = _archive.Dataset with { Md5 = "00112233445566778899aabbccddeeff" };
        var error = new StringWriter();

        int code = RunThroughCommandRunner(folder.Path, server.FolderUrl, error, wrong);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains($"has MD5 {_archive.Md5}", error.ToString());
        Assert.Contains("00112233445566778899aabbccddeeff", error.ToString());
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void WithoutNetworkItSaysWhereToPutAHandDownloadedFile()
    {
        using var folder = new TempFolder();
        var error = new StringWriter();

        int code = RunThroughCommandRunner(folder.Path, $"http://127.0.0.1:{LoopbackHttpServer.ClosedPort()}/files/", error);

        Assert.Equal(ExitCodes.Failure, code);
        string message = error.ToString();
        Assert.Contains("could not reach 127.0.0.1", message);
        Assert.Contains(_archive.Dataset.OfficialUrl.ToString(), message);
        Assert.Contains($"put it at {Path.Combine(folder.Path, _archive.Dataset.FileName)}", message);
        Assert.Contains(_archive.Md5, message);
    }

    [Fact]
    public async Task AnArchiveAlreadyInTheFolderIsVerifiedAndExtractedWithoutNetwork()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, _archive.Dataset.FileName), _archive.Bytes);

        int code = await RunAsync(folder.Path, $"http://127.0.0.1:{LoopbackHttpServer.ClosedPort()}/files/", new StringWriter());

        Assert.Equal(ExitCodes.Success, code);
        AssertExtracted(folder.Path);
    }

    [Fact]
    public void ADamagedArchiveInTheFolderIsBadInputNamingTheFile()
    {
        using var folder = new TempFolder();
        string archivePath = Path.Combine(folder.Path, _archive.Dataset.FileName);
        byte[] damaged = (byte[])_archive.Bytes.Clone();
        damaged[1000] ^= 0xFF;
        File.WriteAllBytes(archivePath, damaged);
        var error = new StringWriter();

        int code = RunThroughCommandRunner(folder.Path, null, error);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"'{archivePath}' has MD5", error.ToString());
    }

    [Fact]
    public void AServerErrorIsAFailureThatNamesTheStatus()
    {
        using var folder = new TempFolder();
        using var server = new LoopbackHttpServer(_archive.Bytes, "/elsewhere/" + _archive.Dataset.FileName);
        var error = new StringWriter();

        int code = RunThroughCommandRunner(folder.Path, $"http://127.0.0.1:{server.Port}/files/", error);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("404 Not Found", error.ToString());
    }

    [Fact]
    public void AMirrorThatIsNotAnHttpUrlIsBadInput()
    {
        using var folder = new TempFolder();
        var error = new StringWriter();

        int code = RunThroughCommandRunner(folder.Path, "ftp://127.0.0.1/files/", error);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--mirror", error.ToString());
    }

    [Fact]
    public void AnArchiveEntryThatEscapesTheFolderIsRefused()
    {
        using var folder = new TempFolder();
        string archivePath = folder.Combine("evil.tar.gz");
        using (var file = File.Create(archivePath))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "../escaped.txt") { DataStream = new MemoryStream([1, 2, 3]) });
        }

        string target = folder.Combine("data");
        var error = Assert.Throws<InvalidDataException>(() => TarGzExtractor.Extract(archivePath, target, CancellationToken.None));
        Assert.Contains("../escaped.txt", error.Message);
        Assert.False(File.Exists(folder.Combine("escaped.txt")));
        Assert.Empty(Directory.GetFileSystemEntries(target));
    }

    [Fact]
    public void TheCatalogueHasThePublishedChecksumsAndMirrorsKeepTheFileName()
    {
        Assert.Equal("c32a1d4ab5d03f1284b67883e8d87530", DatasetCatalog.Find("CIFAR10")!.Md5);
        Assert.Equal("91f7769df0f17e558f3565bffb0c7dfb", DatasetCatalog.Find("stl10")!.Md5);
        Assert.Null(DatasetCatalog.Find("imagenet"));
        Assert.Equal(new Uri("http://127.0.0.1:8080/data/cifar-10-binary.tar.gz"),
            DatasetCatalog.Cifar10.DownloadUrl(new Uri("http://127.0.0.1:8080/data")));
        Assert.Equal(DatasetCatalog.Stl10.OfficialUrl, DatasetCatalog.Stl10.DownloadUrl(null));
    }

    private Task<int> RunAsync(string folder, string? mirror, TextWriter output, DatasetArchive? dataset = null) =>
        DownloadCommand.RunAsync("tiny", folder, mirror, output, interactive: false, NewDownloader(), CancellationToken.None,
            dataset ?? _archive.Dataset);

    private int RunThroughCommandRunner(string folder, string? mirror, TextWriter error, DatasetArchive? dataset = null) =>
        CommandRunner.Run(token => RunAsync(folder, mirror, new StringWriter(), dataset).GetAwaiter().GetResult(),
            CancellationToken.None, error, colour: false, debug: false);

    private static ResumableDownloader NewDownloader() =>
        new() { RetryDelay = TimeSpan.Zero, IdleTimeout = TimeSpan.FromSeconds(20), MaxAttempts = 3 };

    private string PartialPath(string folder) =>
        Path.Combine(folder, _archive.Dataset.FileName + DatasetDownloader.PartialSuffix);

    private void AssertExtracted(string folder)
    {
        foreach ((string name, byte[] content) in _archive.Files)
        {
            Assert.Equal(content, File.ReadAllBytes(Path.Combine(folder, TestArchive.FolderName, name)));
        }

        Assert.Empty(Directory.GetDirectories(folder, ".extracting-*"));
    }
}
