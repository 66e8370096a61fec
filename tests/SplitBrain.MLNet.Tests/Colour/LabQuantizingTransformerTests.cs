using Microsoft.ML;
using Microsoft.ML.Data;
using SplitBrain.MLNet.Colour;
using SplitBrain.MLNet.Tests.TestData;
using Xunit;

namespace SplitBrain.MLNet.Tests.Colour;

public class LabQuantizingTransformerTests
{
    [Theory]
    [InlineData(ColorSpace.Lab)]
    [InlineData(ColorSpace.LabRescaled)]
    [InlineData(ColorSpace.Rgb)]
    public void TransformMatchesTheQuantizerCoreForEveryRow(ColorSpace space)
    {
        var ml = new MLContext(seed: 1);
        var rows = GeneratedImages.Rows(5, seed: 10);
        IDataView data = ml.Data.LoadFromEnumerable(rows);

        var transformer = ml.Transforms.LabQuantize(colorSpace: space, gridSize: 8).Fit(data);
        var output = transformer.Transform(data);

        var quantizer = new LabQuantizer(new LabQuantizerSettings(space, gridSize: 8));
        var single = output.GetColumn<VBuffer<float>>(ColumnNames.SingleChannel).Select(v => v.DenseValues().ToArray()).ToList();
        var pair = output.GetColumn<VBuffer<float>>(ColumnNames.PairChannels).Select(v => v.DenseValues().ToArray()).ToList();
        var singleLabels = output.GetColumn<VBuffer<int>>(ColumnNames.SingleLabels).Select(v => v.DenseValues().ToArray()).ToList();
        var pairLabels = output.GetColumn<VBuffer<int>>(ColumnNames.PairLabels).Select(v => v.DenseValues().ToArray()).ToList();
        for (int r = 0; r < rows.Count; r++)
        {
            var expectedSingle = new float[32 * 32];
            var expectedPair = new float[2 * 32 * 32];
            var expectedSingleLabels = new int[64];
            var expectedPairLabels = new int[64];
            quantizer.Quantize(GeneratedImages.RandomRgb(32, 32, 10 + r), 32, 32, expectedSingle, expectedPair,
                expectedSingleLabels, expectedPairLabels);
            Assert.Equal(expectedSingle, single[r]);
            Assert.Equal(expectedPair, pair[r]);
            Assert.Equal(expectedSingleLabels, singleLabels[r]);
            Assert.Equal(expectedPairLabels, pairLabels[r]);
        }
    }

    [Fact]
    public void OutputColumnsHaveKnownDimensionsAndClassCounts()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(GeneratedImages.Rows(1, seed: 3));
        var schema = ml.Transforms.LabQuantize(gridSize: 8, singleBins: 50, pairBins: 7).Fit(data).GetOutputSchema(data.Schema);

        var singleType = (VectorDataViewType)schema[ColumnNames.SingleChannel].Type;
        Assert.Equal(new[] { 1, 32, 32 }, singleType.Dimensions.ToArray());
        Assert.Equal(new[] { 2, 32, 32 }, ((VectorDataViewType)schema[ColumnNames.PairChannels].Type).Dimensions.ToArray());
        Assert.Equal(64, ((VectorDataViewType)schema[ColumnNames.PairLabels].Type).Size);
        uint pairClasses = 0;
        schema[ColumnNames.PairLabels].Annotations.GetValue(LabQuantizingEstimator.ClassCountAnnotation, ref pairClasses);
        Assert.Equal(49u, pairClasses);
    }

    [Fact]
    public void SavedModelLoadsInANewContextWithIdenticalOutputsAndColumnNames()
    {
        var ml = new MLContext(seed: 1);
        var rows = GeneratedImages.Rows(3, seed: 20);
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var options = new LabQuantizingEstimator.Options
        {
            ColorSpace = ColorSpace.LabRescaled,
            GridSize = 8,
            SingleChannelColumnName = "L plane",
            PairLabelsColumnName = "ab classes",
        };
        var model = ml.Transforms.LabQuantize(options).Fit(data);
        string path = Path.Combine(Path.GetTempPath(), $"labq-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.SaveAtomically(model, data.Schema, path);

            var fresh = new MLContext(seed: 99);
            ITransformer loaded = fresh.Model.Load(path, out var schema);
            var reloaded = loaded.Transform(fresh.Data.LoadFromEnumerable(rows));
            var original = model.Transform(data);

            Assert.Equal(Values<float>(original, "L plane"), Values<float>(reloaded, "L plane"));
            Assert.Equal(Values<int>(original, "ab classes"), Values<int>(reloaded, "ab classes"));
            Assert.Equal(ColorSpace.LabRescaled, Assert.IsType<LabQuantizingTransformer>(loaded).ColorSpace);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ColumnThatIsNotAnImageIsRejectedByName()
    {
        var ml = new MLContext();
        IDataView data = ml.Data.LoadFromEnumerable(GeneratedImages.Rows(1, seed: 1));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.LabQuantize(inputColumnName: "Name").Fit(data));
        Assert.Contains("'Name'", ex.Message);
        Assert.Contains("must be an image", ex.Message);
    }

    [Fact]
    public void ImageSmallerThanTheGridIsRejectedWithBothSizes()
    {
        var ml = new MLContext();
        IDataView data = ml.Data.LoadFromEnumerable(GeneratedImages.Rows(1, seed: 1));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.LabQuantize(gridSize: 40).Fit(data));
        Assert.Contains("32×32", ex.Message);
        Assert.Contains("40×40", ex.Message);
    }

    [Fact]
    public void BadSettingsAreRejectedWhenThePipelineIsBuilt()
    {
        var ml = new MLContext();
        Assert.Contains("gridSize", Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.LabQuantize(gridSize: 0)).Message);
        Assert.Contains("singleBins", Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.LabQuantize(singleBins: 1)).Message);
        Assert.Contains("pairBins", Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.LabQuantize(pairBins: 1)).Message);
        Assert.Contains("7", Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.LabQuantize(colorSpace: (ColorSpace)7)).Message);
    }

    private static List<T[]> Values<T>(IDataView data, string column) =>
        data.GetColumn<VBuffer<T>>(column).Select(v => v.DenseValues().ToArray()).ToList();
}
