using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using SplitBrain.Cli.Download;

namespace SplitBrain.Cli.Tests.Download;

/// <summary>A small generated .tar.gz (a folder with two files of seeded random bytes) and its catalogue entry.</summary>
internal sealed class TestArchive
{
    public const string FolderName = "tiny-batches-bin";

    public TestArchive(int seed = 1)
    {
        var random = new Random(seed);
        Files = new Dictionary<string, byte[]>
        {
            ["data_batch_1.bin"] = RandomBytes(random, 120_000),
            ["batches.meta.txt"] = "cat\ndog\n"u8.ToArray(),
            ["sub/test_batch.bin"] = RandomBytes(random, 60_000),
        };

        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, FolderName + "/"));
            foreach ((string name, byte[] content) in Files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"{FolderName}/{name}")
                {
                    DataStream = new MemoryStream(content),
                });
            }
        }

        Bytes = buffer.ToArray();
        Md5 = Convert.ToHexStringLower(MD5.HashData(Bytes));
        Dataset = new DatasetArchive("tiny", "Tiny", "tiny-binary.tar.gz",
            new Uri("https://example.invalid/files/tiny-binary.tar.gz"), new Uri("https://example.invalid/tiny.html"),
            Md5, FolderName);
    }

    public Dictionary<string, byte[]> Files { get; }

    public byte[] Bytes { get; }

    public string Md5 { get; }

    public DatasetArchive Dataset { get; }

    public string ServerPath => "/files/" + Dataset.FileName;

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
