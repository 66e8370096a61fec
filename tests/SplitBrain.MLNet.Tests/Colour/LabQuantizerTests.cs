using SplitBrain.MLNet.Colour;
using Xunit;

namespace SplitBrain.MLNet.Tests.Colour;

public sealed class LabQuantizerTests
{
    // 2×2 image: red, green / blue, white. With grid 2 the downsample is the identity, so each label is the
    // digitized Lab (or RGB/255) of one pixel; the expected bins follow from the literal Lab values in
    // ColourConversionTests (e.g. red L 53.24 / 1.01 -> 52, a (80.09 + 87) / 18.6 -> 8, b (67.20 + 108) / 20.3 -> 8).
    private static readonly byte[] FourColours = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255];

    [Theory]
    [InlineData(ColorSpace.Lab, new[] { 52, 86, 31, 99 }, new[] { 88, 9, 80, 45 })]
    [InlineData(ColorSpace.LabRescaled, new[] { 52, 86, 31, 99 }, new[] { 99, 9, 90, 55 })]
    [InlineData(ColorSpace.Rgb, new[] { 99, 0, 0, 99 }, new[] { 0, 90, 9, 99 })]
    public void Quantize_TinyImageAtGridSize_LabelsEachPixel(ColorSpace space, int[] single, int[] pair)
    {
        var quantizer = new LabQuantizer(new LabQuantizerSettings(space, gridSize: 2));

        QuantizedImage result = QuantizedImage.Run(quantizer, FourColours, 2, 2);

        Assert.Equal(single, result.SingleLabels);
        Assert.Equal(pair, result.PairLabels);
    }

    [Fact]
    public void Quantize_TinyImage_WritesNormalisedPlanesInChwOrder()
    {
        var quantizer = new LabQuantizer(new LabQuantizerSettings(ColorSpace.Lab, gridSize: 2));

        QuantizedImage result = QuantizedImage.Run(quantizer, FourColours, 2, 2);

        Assert.Equal(53.240588 / 100, result.SinglePlane[0], 1e-6);
        Assert.Equal((80.092308 + 87) / 186, result.PairPlanes[0], 1e-6);         // a of red
        Assert.Equal((-86.18303 + 87) / 186, result.PairPlanes[1], 1e-6);         // a of green
        Assert.Equal((-107.8573 + 108) / 203, result.PairPlanes[4 + 2], 1e-6);    // b of blue
        Assert.Equal(1.0, result.SinglePlane[3], 1e-6);                            // L of white
        Assert.Equal((53.240588 + 87.735099 + 32.295673 + 100) / 4, result.Summary.RawMean0, 1e-5);
    }

    [Fact]
    public void Quantize_UniformGreyInRgb_ClipRaisesDarkenedBordersSoEveryCellIsTheColour()
    {
        var quantizer = new LabQuantizer(new LabQuantizerSettings(ColorSpace.Rgb, gridSize: 8));
        byte[] rgb = Uniform(32, 32, 200, 200, 200);

        QuantizedImage result = QuantizedImage.Run(quantizer, rgb, 32, 32);

        // The clip range is [min, max] over all channels, here the single value 200/255 = 0.784: bin 77 of 100 on
        // [0, 1.01], and bin 7 of 10 for G and B.
        Assert.All(result.SingleLabels, label => Assert.Equal(77, label));
        Assert.All(result.PairLabels, label => Assert.Equal(77, label));
        Assert.All(result.DownsampledRaw, v => Assert.Equal(200 / 255.0, v, 1e-12));
    }

    [Fact]
    public void Quantize_UniformGreyInLab_ZeroPaddingDarkensOnlyTheBorderCells()
    {
        var quantizer = new LabQuantizer(new LabQuantizerSettings(ColorSpace.Lab, gridSize: 8));
        byte[] rgb = Uniform(32, 32, 128, 128, 128);

        QuantizedImage result = QuantizedImage.Run(quantizer, rgb, 32, 32);

        // Grey 128 has L = 53.585 (bin 53) and a, b near 0 (bins 4 and 5). Cells 2..5 see no padding (radius 6).
        for (int row = 2; row <= 5; row++)
            for (int column = 2; column <= 5; column++)
                Assert.Equal(53, result.SingleLabels[row * 8 + column]);
        Assert.True(result.SingleLabels[0] < 53, $"corner cell L bin {result.SingleLabels[0]} should be darker than 53");
        Assert.All(result.PairLabels, label => Assert.Equal(45, label));
    }

    [Theory]
    [InlineData(ColorSpace.Lab, 50, 37, 12)]
    [InlineData(ColorSpace.Rgb, 45, 45, 12)]
    [InlineData(ColorSpace.LabRescaled, 100, 64, 12)]
    [InlineData(ColorSpace.Lab, 36, 36, 12)]
    [InlineData(ColorSpace.Rgb, 33, 20, 7)]
    [InlineData(ColorSpace.Lab, 12, 12, 12)]
    [InlineData(ColorSpace.LabRescaled, 96, 96, 12)]
    [InlineData(ColorSpace.Lab, 17, 9, 1)]
    public void Quantize_AnySize_MatchesTheStepByStepReference(ColorSpace space, int height, int width, int grid)
    {
        var settings = new LabQuantizerSettings(space, gridSize: grid);
        byte[] rgb = RandomImage(height, width, seed: height * 1000 + width);

        QuantizedImage fast = QuantizedImage.Run(new LabQuantizer(settings), rgb, height, width);
        (double[] small, int[] single, int[] pair) = ReferenceQuantizer.Run(rgb, height, width, settings);

        for (int i = 0; i < small.Length; i++)
            Assert.Equal(small[i], fast.DownsampledRaw[i], 1e-10);
        Assert.Equal(single, fast.SingleLabels);
        Assert.Equal(pair, fast.PairLabels);
    }

    [Fact]
    public void Quantize_SharedAcrossThreads_GivesTheSequentialResults()
    {
        var quantizer = new LabQuantizer(new LabQuantizerSettings(ColorSpace.Lab));
        byte[][] images = Enumerable.Range(0, 16).Select(i => RandomImage(96 - i % 3, 96, seed: i)).ToArray();
        QuantizedImage[] sequential = images.Select((img, i) => QuantizedImage.Run(quantizer, img, 96 - i % 3, 96)).ToArray();

        var parallel = new QuantizedImage[images.Length];
        Parallel.For(0, images.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => parallel[i] = QuantizedImage.Run(quantizer, images[i], 96 - i % 3, 96));

        for (int i = 0; i < images.Length; i++)
        {
            Assert.Equal(sequential[i].SingleLabels, parallel[i].SingleLabels);
            Assert.Equal(sequential[i].PairLabels, parallel[i].PairLabels);
            Assert.Equal(sequential[i].PairPlanes, parallel[i].PairPlanes);
        }
    }

    [Fact]
    public void Quantize_SecondCallOfTheSameSize_AllocatesNothing()
    {
        var quantizer = new LabQuantizer(new LabQuantizerSettings(ColorSpace.LabRescaled));
        byte[] rgb = RandomImage(96, 96, seed: 3);
        var single = new float[96 * 96];
        var pair = new float[2 * 96 * 96];
        var singleLabels = new int[144];
        var pairLabels = new int[144];
        for (int warmUp = 0; warmUp < 3; warmUp++)
            quantizer.Quantize(rgb, 96, 96, single, pair, singleLabels, pairLabels);

        long before = GC.GetAllocatedBytesForCurrentThread();
        quantizer.Quantize(rgb, 96, 96, single, pair, singleLabels, pairLabels);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Quantize_ImageSmallerThanGrid_NamesBothSizes()
    {
        var quantizer = new LabQuantizer(new LabQuantizerSettings(ColorSpace.Lab, gridSize: 12));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => QuantizedImage.Run(quantizer, new byte[8 * 20 * 3], 8, 20));

        Assert.Equal("height", error.ParamName);
        Assert.Contains("8×20", error.Message);
        Assert.Contains("12×12", error.Message);
    }

    [Theory]
    [InlineData("rgbHwc", 16 * 16 * 3 - 1, 256, 512, 4, 4)]
    [InlineData("singlePlane", 16 * 16 * 3, 255, 512, 4, 4)]
    [InlineData("pairPlanes", 16 * 16 * 3, 256, 256, 4, 4)]
    [InlineData("singleLabels", 16 * 16 * 3, 256, 512, 5, 4)]
    [InlineData("pairLabels", 16 * 16 * 3, 256, 512, 4, 3)]
    public void Quantize_WrongBufferLength_NamesTheBufferAndTheExpectedLength(string name, int rgb, int single, int pair,
        int singleLabels, int pairLabels)
    {
        var quantizer = new LabQuantizer(new LabQuantizerSettings(ColorSpace.Lab, gridSize: 2));

        var error = Assert.Throws<ArgumentException>(() =>
            quantizer.Quantize(new byte[rgb], 16, 16, new float[single], new float[pair], new int[singleLabels], new int[pairLabels]));

        Assert.Equal(name, error.ParamName);
        Assert.Contains("expected", error.Message);
    }

    [Fact]
    public void Settings_InvalidValues_ThrowNamingTheParameterAndValue()
    {
        Assert.Equal("gridSize", Assert.Throws<ArgumentOutOfRangeException>(() => new LabQuantizerSettings(gridSize: 0)).ParamName);
        Assert.Equal("singleBins", Assert.Throws<ArgumentOutOfRangeException>(() => new LabQuantizerSettings(singleBins: 1)).ParamName);
        Assert.Equal("pairBins", Assert.Throws<ArgumentOutOfRangeException>(() => new LabQuantizerSettings(pairBins: 1)).ParamName);

        var space = Assert.Throws<ArgumentOutOfRangeException>(() => new LabQuantizerSettings((ColorSpace)7));
        Assert.Equal("space", space.ParamName);
        Assert.Contains("7", space.Message);
    }

    [Fact]
    public void Settings_BinCentres_DecodeClassesToRawValues()
    {
        var settings = new LabQuantizerSettings(ColorSpace.Lab);

        Assert.Equal(53.025, settings.SingleBinCentre(52), 1e-12);
        (double a, double b) = settings.PairBinCentre(88);
        Assert.Equal(-87 + 8.5 * 18.6, a, 1e-12);
        Assert.Equal(-108 + 8.5 * 20.3, b, 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => settings.PairBinCentre(100));
    }

    [Fact]
    public void Settings_CustomBinsAndRanges_AreApplied()
    {
        var settings = new LabQuantizerSettings(ColorSpace.Rgb, gridSize: 2, singleBins: 4, pairBins: 3,
            singleRange: new BinRange(0, 1.01), pairFirstRange: new BinRange(0, 2), pairSecondRange: new BinRange(0.5, 1.0));
        var quantizer = new LabQuantizer(settings);

        QuantizedImage result = QuantizedImage.Run(quantizer, FourColours, 2, 2);

        // R: 1.0 -> bin 3 of 4 on [0, 1.01]. G on [0, 2] in 3 bins: 1.0 -> 1. B on [0.5, 1] in 3 bins: 0 -> 0, 1 -> 2.
        Assert.Equal(new[] { 3, 0, 0, 3 }, result.SingleLabels);
        Assert.Equal(new[] { 0 * 3 + 0, 1 * 3 + 0, 0 * 3 + 2, 1 * 3 + 2 }, result.PairLabels);
    }

    internal static byte[] RandomImage(int height, int width, int seed)
    {
        var bytes = new byte[height * width * 3];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Uniform(int height, int width, byte r, byte g, byte b)
    {
        var bytes = new byte[height * width * 3];
        for (int p = 0; p < height * width; p++)
        {
            bytes[3 * p] = r;
            bytes[3 * p + 1] = g;
            bytes[3 * p + 2] = b;
        }

        return bytes;
    }
}
