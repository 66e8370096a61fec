using System.Formats.Tar;
using System.IO.Compression;
using Microsoft.ML;
using SplitBrain.MLNet.Tests.TestData;
using Xunit;

namespace SplitBrain.MLNet.Tests.Data;

public class CifarMiniRealDataTests
{
    [Fact]
    public void MiniCifarJpegFolderHasTenClassesOfFiftyDecodableImages()
    {
        string? archive = SharedData.Require("data/cifar10/mini.tar.gz");
        if (archive is null)
            return;
        using var files = new DataTestFiles();
        using (var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress))
            TarFile.ExtractToDirectory(gzip, files.Root, overwriteFiles: false);

        ImageDataView view = ImageDataSources.LoadImageFolder(new MLContext(seed: 1), files.PathOf("train"));
        List<ReadRow> rows = DataViewReading.ReadAll(view);

        Assert.Equal(
            new[] { "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck" },
            view.ClassNames);
        Assert.Equal(500, rows.Count);
        Assert.All(rows.GroupBy(r => r.LabelKey), g => Assert.Equal(50, g.Count()));
        Assert.All(rows, r => Assert.Equal((32, 32), (r.Width, r.Height)));
        Assert.Equal(100, StratifiedSampler.SamplePerClass(view, rowsPerClass: 10, seed: 0).GetRowCount());
    }
}
