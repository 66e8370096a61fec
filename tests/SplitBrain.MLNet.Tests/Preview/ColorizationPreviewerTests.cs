using Microsoft.ML;
using Microsoft.ML.Data;
using SplitBrain.MLNet.Colour;
using SplitBrain.MLNet.Tests.Networks;
using SplitBrain.MLNet.Tests.TestData;
using Xunit;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Tests.Preview;

[Collection(GlobalTorchSeedCollection.Name)]
public sealed class ColorizationPreviewerTests
{
    private const int Size = 32;
    private const int Grid = 8;

    private static (SplitBrainPretrainTransformer Model, IDataView Quantized, List<byte[]> Rgb) Fit(ColorSpace space, int images)
    {
        var ml = new MLContext(seed: 1);
        List<byte[]> rgb = Enumerable.Range(0, images).Select(i => LearnableColourImages.Rgb(Size, 500 + i)).ToList();
        IDataView raw = ml.Data.LoadFromEnumerable(rgb.Select((pixels, i) =>
            new ImageRow { Image = GeneratedImages.ToImage(pixels, Size, Size), Name = $"img{i}" }).ToList());
        IDataView quantized = ml.Transforms.LabQuantize(new LabQuantizingEstimator.Options { ColorSpace = space, GridSize = Grid })
            .Fit(raw).Transform(raw);
        var model = ml.Transforms.SplitBrainPretrain(new SplitBrainPretrainEstimator.Options
        {
            Epochs = 1, BatchSize = 8, LearningRate = 3e-3, Seed = 3, Device = ComputeDevice.Cpu,
        }).Fit(quantized);
        return (model, quantized, rgb);
    }

    private static byte[] Pixel(ColorizationPreview preview, int row, int tile, int x, int y)
    {
        int offset = ((row * preview.TileSize + y) * preview.Width + tile * preview.TileSize + x) * 3;
        return preview.Rgb.Slice(offset, 3).ToArray();
    }

    private static byte[] LabBytes(double lightness, double a, double b)
    {
        ColourConversion.LabToSrgb(lightness, a, b, out byte red, out byte green, out byte blue);
        return [red, green, blue];
    }

    [Fact]
    public void LabPreview_HasOneRowOfFourTilesPerImage_TheOriginalAndTheTrueLightnessAsGrey()
    {
        var (model, quantized, rgb) = Fit(ColorSpace.Lab, images: 12);
        using SplitBrainPretrainTransformer owned = model;

        ColorizationPreview preview = ColorizationPreviewer.Create(model, quantized, new ColorizationPreviewOptions { MaxImages = 5, BatchSize = 2 });

        Assert.Equal((4 * Size, 5 * Size, 5), (preview.Width, preview.Height, preview.ImageCount));
        Assert.Equal(4 * Size * 5 * Size * 3, preview.Rgb.Length);
        for (int row = 0; row < 5; row++)
        for (int y = 0; y < Size; y += 3)
        for (int x = 0; x < Size; x += 3)
        {
            int p = (y * Size + x) * 3;
            byte[] original = rgb[row][p..(p + 3)];
            byte[] shown = Pixel(preview, row, 0, x, y);
            for (int c = 0; c < 3; c++)
                Assert.InRange(shown[c] - original[c], -1, 1);

            ColourConversion.SrgbToLab(original[0], original[1], original[2], out double lightness, out _, out _);
            byte[] grey = Pixel(preview, row, 1, x, y);
            byte[] expectedGrey = LabBytes(lightness, 0, 0);
            for (int c = 0; c < 3; c++)
                Assert.InRange(grey[c] - expectedGrey[c], -1, 1);
            byte[] predictedGrey = Pixel(preview, row, 3, x, y);
            Assert.InRange(predictedGrey[0] - predictedGrey[2], -1, 1);
        }
    }

    [Fact]
    public void NaNScores_DecodeAsTheUniformDistribution_NeverAsGarbage()
    {
        var (model, quantized, rgb) = Fit(ColorSpace.Lab, images: 8);
        using SplitBrainPretrainTransformer owned = model;
        using (no_grad())
        {
            foreach (var parameter in model.Network.parameters())
                parameter.fill_(double.NaN);
        }

        ColorizationPreview preview = ColorizationPreviewer.Create(model, quantized,
            new ColorizationPreviewOptions { MaxImages = 2, Temperature = 1e-12 });

        // Uniform over the bins: L is the middle of [0, 101], a the middle of [-87, 99], b the middle of [-108, 95].
        byte[] predictedGrey = LabBytes(50.5, 0, 0);
        for (int row = 0; row < 2; row++)
        for (int y = 0; y < Size; y += 5)
        for (int x = 0; x < Size; x += 5)
        {
            Assert.Equal(predictedGrey, Pixel(preview, row, 3, x, y));
            int p = (y * Size + x) * 3;
            ColourConversion.SrgbToLab(rgb[row][p], rgb[row][p + 1], rgb[row][p + 2], out double lightness, out _, out _);
            byte[] expected = LabBytes(lightness, 6.0, -6.5);
            byte[] shown = Pixel(preview, row, 2, x, y);
            for (int c = 0; c < 3; c++)
                Assert.InRange(shown[c] - expected[c], -1, 1);
        }
    }

    [Fact]
    public void RgbPreview_ShowsRedAsGreyAndTheOriginal()
    {
        var (model, quantized, rgb) = Fit(ColorSpace.Rgb, images: 8);
        using SplitBrainPretrainTransformer owned = model;

        ColorizationPreview preview = ColorizationPreviewer.Create(model, quantized,
            new ColorizationPreviewOptions { MaxImages = 3, Decoding = ColorDecoding.Mode });

        Assert.Equal((4 * Size, 3 * Size), (preview.Width, preview.Height));
        for (int row = 0; row < 3; row++)
        for (int y = 0; y < Size; y += 4)
        for (int x = 0; x < Size; x += 4)
        {
            int p = (y * Size + x) * 3;
            Assert.Equal(rgb[row][p..(p + 3)], Pixel(preview, row, 0, x, y));
            Assert.Equal([rgb[row][p], rgb[row][p], rgb[row][p]], Pixel(preview, row, 1, x, y));
            Assert.Equal(rgb[row][p], Pixel(preview, row, 2, x, y)[0]);
        }
    }

    [Fact]
    public void SavePng_WritesOnePngOfTheGridSize_WithTheSamePixels()
    {
        var (model, quantized, _) = Fit(ColorSpace.LabRescaled, images: 8);
        using SplitBrainPretrainTransformer owned = model;
        ColorizationPreview preview = ColorizationPreviewer.Create(model, quantized, new ColorizationPreviewOptions { MaxImages = 20 });
        string folder = Path.Combine(Path.GetTempPath(), $"sb-preview-{Guid.NewGuid():N}");
        try
        {
            string path = Path.Combine(folder, "sub", "preview.png");
            preview.SavePng(path);

            Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
            using MLImage image = MLImage.CreateFromFile(path);
            Assert.Equal((4 * Size, 8 * Size), (image.Width, image.Height));
            byte[] pixels = image.GetBGRPixels;
            byte[] expected = preview.Rgb.ToArray();
            for (int p = 0; p < image.Width * image.Height; p++)
                Assert.Equal((expected[3 * p], expected[3 * p + 1], expected[3 * p + 2]), (pixels[3 * p + 2], pixels[3 * p + 1], pixels[3 * p]));
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void BadOptionsAndColumns_AreRejectedNamingWhatWasWrong()
    {
        var (model, quantized, _) = Fit(ColorSpace.Lab, images: 4);
        using SplitBrainPretrainTransformer owned = model;

        var temperature = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ColorizationPreviewer.Create(model, quantized, new ColorizationPreviewOptions { Temperature = 0 }));
        Assert.Equal("Temperature", temperature.ParamName);
        var count = Assert.Throws<ArgumentOutOfRangeException>(() =>
            ColorizationPreviewer.Create(model, quantized, new ColorizationPreviewOptions { MaxImages = 0 }));
        Assert.Contains("MaxImages must be at least 1; got 0", count.Message);

        var ml = new MLContext(seed: 1);
        IDataView withoutPair = ml.Transforms.DropColumns(ColumnNames.PairChannels).Fit(quantized).Transform(quantized);
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => ColorizationPreviewer.Create(model, withoutPair));
        Assert.Contains("'PairChannels' is missing", missing.Message);
    }
}
