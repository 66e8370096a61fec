using Microsoft.ML.Data;
using SplitBrain.MLNet.Colour;
using Xunit;
using Xunit.Abstractions;

namespace SplitBrain.MLNet.Tests.Colour;

/// <summary>The colour core against scikit-image facts in ../shared/testdata/lab_golden.json.</summary>
public sealed class LabGoldenTests(ITestOutputHelper output)
{
    private const double LabTolerance = 1e-4;
    private const double DownsampleTolerance = 1e-6;

    public static TheoryData<ColorSpace> Spaces => new() { ColorSpace.Lab, ColorSpace.LabRescaled, ColorSpace.Rgb };

    [Fact]
    public void SrgbToLab_MatchesRgb2Lab_OnAll200Colours()
    {
        LabGolden? golden = LabGolden.Load();
        if (golden is null)
            return;

        Assert.Equal(200, golden.Colours.Count);
        double worst = 0;
        foreach (GoldenColour colour in golden.Colours)
        {
            ColourConversion.SrgbToLab(colour.Rgb[0], colour.Rgb[1], colour.Rgb[2], out double l, out double a, out double b);
            double error = Math.Max(Math.Abs(l - colour.Lab[0]), Math.Max(Math.Abs(a - colour.Lab[1]), Math.Abs(b - colour.Lab[2])));
            Assert.True(error <= LabTolerance,
                $"{colour.Kind} ({string.Join(",", colour.Rgb)}): got ({l}, {a}, {b}), expected ({string.Join(", ", colour.Lab)}).");
            worst = Math.Max(worst, error);
        }

        output.WriteLine($"largest |Lab - rgb2lab| over 200 colours: {worst:E2} (golden values are rounded to 6 decimals)");
    }

    [Fact]
    public void SrgbToLab_MatchesRgb2Lab_OnTheFourImages()
    {
        LabGolden? golden = LabGolden.Load();
        if (golden is null)
            return;

        Assert.Equal(4, golden.Images.Count);
        foreach (GoldenImage image in golden.Images)
        {
            double worst = 0;
            for (int p = 0; p < image.Height * image.Width; p++)
            {
                ColourConversion.SrgbToLab(image.Rgb[3 * p], image.Rgb[3 * p + 1], image.Rgb[3 * p + 2], out double l, out double a, out double b);
                worst = Math.Max(worst, Math.Abs(l - image.LabFullHwc![3 * p]));
                worst = Math.Max(worst, Math.Abs(a - image.LabFullHwc[3 * p + 1]));
                worst = Math.Max(worst, Math.Abs(b - image.LabFullHwc[3 * p + 2]));
            }

            output.WriteLine($"{image.Name}: largest |Lab - lab_full_6dp| = {worst:E2}");
            Assert.True(worst <= LabTolerance, $"{image.Name}: Lab differs from lab_full_6dp by {worst}.");
        }
    }

    [Fact]
    public void Quantize_NetworkInputAndRawMeans_MatchGolden()
    {
        LabGolden? golden = LabGolden.Load();
        if (golden is null)
            return;

        var quantizer = new LabQuantizer(new LabQuantizerSettings(ColorSpace.Lab, gridSize: 8));
        foreach (GoldenImage image in golden.Images)
        {
            var result = QuantizedImage.Run(quantizer, image.Rgb, image.Height, image.Width);
            double[] inputMeans = result.InputMeans();
            for (int c = 0; c < 3; c++)
            {
                Assert.True(Math.Abs(inputMeans[c] - image.NetInputMean![c]) < 1e-6,
                    $"{image.Name}: network input mean {c} is {inputMeans[c]}, expected {image.NetInputMean[c]}.");
            }

            double[] rawMeans = [result.Summary.RawMean0, result.Summary.RawMean1, result.Summary.RawMean2];
            for (int c = 0; c < 3; c++)
                Assert.True(Math.Abs(rawMeans[c] - image.LabMean![c]) < 1e-9, $"{image.Name}: raw mean {c} is {rawMeans[c]}, expected {image.LabMean[c]}.");
        }
    }

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Quantize_DownsampledValuesAndLabels_MatchGolden(ColorSpace space)
    {
        LabGolden? golden = LabGolden.Load();
        if (golden is null)
            return;

        int cells = 0, singleExact = 0, pairExact = 0;
        double worstValue = 0;
        foreach (GoldenImage image in golden.Images.Append(golden.ClipCase))
        {
            foreach (GoldenDownsample expected in image.Downsamples)
            {
                var quantizer = new LabQuantizer(new LabQuantizerSettings(space, gridSize: expected.Grid));
                var result = QuantizedImage.Run(quantizer, expected.Rgb, expected.Height, expected.Width);
                string where = $"{space} {image.Name} {expected.Label}";

                double[] small = expected.SmallFor(space);
                for (int i = 0; i < small.Length; i++)
                    worstValue = Math.Max(worstValue, Math.Abs(result.DownsampledRaw[i] - small[i]));

                GoldenLabels labels = expected.LabelsFor(space);
                for (int cell = 0; cell < labels.Single.Length; cell++)
                {
                    int pairBins = quantizer.Settings.PairBins;
                    int gotPair = result.PairLabels[cell], wantPair = labels.Pair[cell];
                    Assert.True(Math.Abs(result.SingleLabels[cell] - labels.Single[cell]) <= 1,
                        $"{where} cell {cell}: single label {result.SingleLabels[cell]}, golden {labels.Single[cell]}.");
                    Assert.True(Math.Abs(gotPair / pairBins - wantPair / pairBins) <= 1 && Math.Abs(gotPair % pairBins - wantPair % pairBins) <= 1,
                        $"{where} cell {cell}: pair label {gotPair}, golden {wantPair}.");
                    cells++;
                    singleExact += result.SingleLabels[cell] == labels.Single[cell] ? 1 : 0;
                    pairExact += gotPair == wantPair ? 1 : 0;
                }

                if (space == ColorSpace.LabRescaled)
                {
                    Assert.Equal(expected.DistortARange[0], result.Summary.PairFirstRange.Low, 1e-9);
                    Assert.Equal(expected.DistortARange[1], result.Summary.PairFirstRange.High, 1e-9);
                    Assert.Equal(expected.DistortBRange[0], result.Summary.PairSecondRange.Low, 1e-9);
                    Assert.Equal(expected.DistortBRange[1], result.Summary.PairSecondRange.High, 1e-9);
                }
            }
        }

        output.WriteLine($"{space}: {cells} cells; single labels exact {singleExact}/{cells}, pair labels exact {pairExact}/{cells}; " +
            $"largest |downsampled - golden| = {worstValue:E2}");
        Assert.True(worstValue < DownsampleTolerance, $"{space}: downsampled values differ from golden by up to {worstValue}.");
        Assert.True(singleExact >= 0.99 * cells && pairExact >= 0.99 * cells);

        // The golden README: every stored value is >= 4e-7 from a bin edge, so a float64 implementation gets all of them.
        Assert.Equal(cells, singleExact);
        Assert.Equal(cells, pairExact);
    }

    [Fact]
    public void Quantize_ClipCase_RaisesZeroPaddedBorderCellsToTheInputMinimum()
    {
        LabGolden? golden = LabGolden.Load();
        if (golden is null)
            return;

        GoldenDownsample expected = golden.ClipCase.Downsamples[0];
        var quantizer = new LabQuantizer(new LabQuantizerSettings(ColorSpace.Rgb, gridSize: 8));
        var result = QuantizedImage.Run(quantizer, expected.Rgb, expected.Height, expected.Width);

        int changedByClip = 0;
        for (int i = 0; i < result.DownsampledRaw.Length; i++)
        {
            Assert.True(result.DownsampledRaw[i] >= result.Summary.RawMinimum && result.DownsampledRaw[i] <= result.Summary.RawMaximum);
            changedByClip += Math.Abs(result.DownsampledRaw[i] - golden.ClipCaseUnclippedRgb01[i]) > 1e-9 ? 1 : 0;
        }

        Assert.Equal(golden.ClipCaseCellsChanged, changedByClip);
    }

    [Fact]
    public void GoldenPixelsSavedAsPng_ReadBackThroughMLImage_GiveTheGoldenLabels()
    {
        LabGolden? golden = LabGolden.Load();
        if (golden is null)
            return;

        string folder = Directory.CreateTempSubdirectory("splitbrain-lab-golden-").FullName;
        try
        {
            foreach (GoldenImage image in golden.Images)
            {
                GoldenDownsample expected = image.Downsamples[1];      // 96->12, the training size
                string path = Path.Combine(folder, "image.png");
                SaveAsPng(expected.Rgb, expected.Height, expected.Width, path);

                using MLImage decoded = MLImage.CreateFromFile(path);
                byte[] rgb = MLImagePixels.ToRgbHwc(decoded);
                Assert.Equal(expected.Rgb, rgb);

                var quantizer = new LabQuantizer(new LabQuantizerSettings(ColorSpace.Lab, gridSize: expected.Grid));
                QuantizedImage result = QuantizedImage.Run(quantizer, rgb, decoded.Height, decoded.Width);
                Assert.Equal(expected.Lab.Single, result.SingleLabels);
                Assert.Equal(expected.Lab.Pair, result.PairLabels);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void SaveAsPng(byte[] rgb, int height, int width, string path)
    {
        var rgba = new byte[height * width * 4];
        for (int p = 0; p < height * width; p++)
        {
            rgba[4 * p] = rgb[3 * p];
            rgba[4 * p + 1] = rgb[3 * p + 1];
            rgba[4 * p + 2] = rgb[3 * p + 2];
            rgba[4 * p + 3] = 255;
        }

        using MLImage image = MLImage.CreateFromPixels(width, height, MLPixelFormat.Rgba32, rgba);
        image.Save(path);
    }
}
