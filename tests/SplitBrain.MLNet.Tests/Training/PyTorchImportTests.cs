using Microsoft.ML;
using Microsoft.ML.Data;
using SplitBrain.MLNet.Tests.Networks;
using SplitBrain.MLNet.Tests.TestData;
using Xunit;

namespace SplitBrain.MLNet.Tests.Training;

/// <summary>The public PyTorch route: ExportPyTorch writes a reference-named state_dict, ImportSplitBrainPyTorch
/// reads it back into a featurizer that computes the same features.</summary>
[Collection(GlobalTorchSeedCollection.Name)]
public class PyTorchImportTests
{
    [Fact]
    public void ExportedStateDictImportsIntoAFeaturizerWithIdenticalFeatures()
    {
        var ml = new MLContext(seed: 1);
        IDataView quantized = Quantized(ml, 12);
        using var trained = ml.Transforms.SplitBrainPretrain(epochs: 1, batchSize: 4, seed: 3,
            featureKind: SplitBrainFeatureKind.PooledHidden).Fit(quantized);
        string path = TemporaryPthPath();
        try
        {
            trained.ExportPyTorch(path);
            using var imported = new MLContext().Transforms.ImportSplitBrainPyTorch(path, new PyTorchImportOptions
            {
                ImageSize = trained.Settings.ImageSize, GridSize = trained.GridSize, FeatureKind = SplitBrainFeatureKind.PooledHidden,
                FeatureColumnName = "Imported",
            });

            float[][] expected = Features(trained.Transform(quantized), "Features");
            float[][] actual = Features(imported.Transform(quantized), "Imported");
            Assert.Equal(12, actual.Length);
            for (int row = 0; row < expected.Length; row++)
                Assert.Equal(expected[row], actual[row]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AStateDictOfAnotherShapeIsRejectedNamingTheTensor()
    {
        var ml = new MLContext(seed: 1);
        IDataView quantized = Quantized(ml, 4);
        using var trained = ml.Transforms.SplitBrainPretrain(epochs: 1, batchSize: 4, seed: 3).Fit(quantized);
        string path = TemporaryPthPath();
        try
        {
            trained.ExportPyTorch(path);
            // 50 single bins instead of the 100 it was trained with: the pair net's score layer has the wrong shape.
            var wrong = new PyTorchImportOptions { ImageSize = trained.Settings.ImageSize, GridSize = trained.GridSize, SingleBins = 50 };

            var error = Assert.ThrowsAny<Exception>(() => ml.Transforms.ImportSplitBrainPyTorch(path, wrong));

            Assert.Contains("ch2_net.", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new MLContext().Transforms.ImportSplitBrainPyTorch("/no/such/net.pth"));
        Assert.Contains("/no/such/net.pth", error.Message);
    }

    /// <summary><paramref name="count"/> generated 32×32 images through LabQuantize (8×8 grid).</summary>
    private static IDataView Quantized(MLContext ml, int count) =>
        ml.Transforms.LabQuantize(gridSize: 8).Fit(ml.Data.LoadFromEnumerable(LearnableColourImages.Rows(1, 3)))
            .Transform(ml.Data.LoadFromEnumerable(LearnableColourImages.Rows(count, 3)));

    private static string TemporaryPthPath() => Path.Combine(Path.GetTempPath(), $"splitbrain-export-{Guid.NewGuid():N}.pth");

    private static float[][] Features(IDataView data, string column) =>
        data.GetColumn<VBuffer<float>>(column).Select(v => v.DenseValues().ToArray()).ToArray();
}
