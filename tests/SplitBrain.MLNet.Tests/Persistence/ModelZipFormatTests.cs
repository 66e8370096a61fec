using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using SplitBrain.MLNet.Tests.Networks;
using SplitBrain.MLNet.Tests.TestData;
using Xunit;

namespace SplitBrain.MLNet.Tests.Persistence;

/// <summary>Too-new, truncated zips and damaged weight entries fail with a clear error. (The small settings bodies
/// carry no checksum: docs/model-format.md says what is and is not detected.)</summary>
[Collection(GlobalTorchSeedCollection.Name)]
public class ModelZipFormatTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"sb-zip-{Guid.NewGuid():N}");
    private readonly MLContext _ml = new(seed: 1);
    private readonly IDataView _images;

    public ModelZipFormatTests()
    {
        Directory.CreateDirectory(_folder);
        _images = _ml.Data.LoadFromEnumerable(LearnableColourImages.Rows(4, seed: 1));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string SavePretrainPipeline()
    {
        var model = _ml.Transforms.LabQuantize(gridSize: 8).Append(_ml.Transforms.SplitBrainPretrain(new SplitBrainPretrainEstimator.Options
        {
            Epochs = 1, BatchSize = 4, Device = ComputeDevice.Cpu, FeatureKind = SplitBrainFeatureKind.PooledHidden,
        })).Fit(_images);
        string path = Path.Combine(_folder, "model.zip");
        _ml.Model.SaveAtomically(model, _images.Schema, path);
        return path;
    }

    private static void RewriteEntry(string zipPath, Func<string, bool> which, Func<byte[], byte[]> change)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        var entry = zip.Entries.Single(e => which(e.FullName));
        byte[] bytes;
        using (var input = entry.Open())
        using (var buffer = new MemoryStream())
        {
            input.CopyTo(buffer);
            bytes = buffer.ToArray();
        }
        string name = entry.FullName;
        entry.Delete();
        using var output = zip.CreateEntry(name).Open();
        output.Write(change(bytes));
    }

    [Fact]
    public void AZipFromANewerFormatSaysWhichVersionItNeeds()
    {
        string path = SavePretrainPipeline();
        // ML.NET's model header holds the entry's written and readable versions at bytes 72 and 76.
        RewriteEntry(path, n => n.EndsWith("Transform_001/Model.key"), bytes =>
        {
            BitConverter.GetBytes(0x00020003u).CopyTo(bytes, 72);
            BitConverter.GetBytes(0x00020001u).CopyTo(bytes, 76);
            return bytes;
        });

        var ex = Assert.Throws<InvalidDataException>(() => new MLContext().Model.LoadChecked(path, out _));
        Assert.Contains("format version 2.3", ex.Message);
        Assert.Contains("version 2.1 or newer", ex.Message);
        Assert.Contains("Upgrade", ex.Message);
    }

    [Fact]
    public void ADamagedWeightEntryIsDetected()
    {
        string path = SavePretrainPipeline();
        RewriteEntry(path, n => n.EndsWith("/Weights"), bytes =>
        {
            bytes[bytes.Length / 2] ^= 0x40;
            return bytes;
        });

        var ex = Assert.Throws<InvalidDataException>(() => new MLContext().Model.LoadChecked(path, out _));
        Assert.Contains("damaged", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void ATruncatedZipIsRejectedNamingTheFile()
    {
        string path = SavePretrainPipeline();
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());

        var ex = Assert.Throws<InvalidDataException>(() => new MLContext().Model.LoadChecked(path, out _));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void AnInterruptedSaveLeavesTheTargetUntouched()
    {
        string path = Path.Combine(_folder, "kept.zip");
        File.WriteAllText(path, "previous model");
        var failing = new ThrowingTransformer();
        Assert.ThrowsAny<Exception>(() => _ml.Model.SaveAtomically(failing, _images.Schema, path));
        Assert.Equal("previous model", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    /// <summary>A transformer whose save fails part-way, as a crash during a save would.</summary>
    private sealed class ThrowingTransformer : ITransformer
    {
        public bool IsRowToRowMapper => false;

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new NotSupportedException();

        public IDataView Transform(IDataView input) => input;

        void ICanSaveModel.Save(ModelSaveContext ctx) => throw new IOException("disk full (simulated)");
    }
}
