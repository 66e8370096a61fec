using System.Runtime.InteropServices;
using Microsoft.ML.Data;
using SkiaSharp;
using SplitBrain.MLNet.Colour;
using Xunit;

namespace SplitBrain.MLNet.Tests.Colour;

public sealed class MLImagePixelsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("splitbrain-mlimage-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ToRgbHwc_StraightAlphaPng_IsCompositedOntoBlack()
    {
        // Straight (unpremultiplied) alpha in the file: (200, 100, 50) at alpha 128, opaque (10, 20, 30), and a
        // fully transparent white.
        string path = WritePng("alpha.png", 3, 1, SKColorType.Rgba8888, SKAlphaType.Unpremul,
            [200, 100, 50, 128, 10, 20, 30, 255, 255, 255, 255, 0]);
        using MLImage image = MLImage.CreateFromFile(path);

        byte[] rgb = MLImagePixels.ToRgbHwc(image);

        // Onto black: c * alpha / 255 -> (100.4, 50.2, 25.1).
        Assert.InRange(rgb[0], 99, 101);
        Assert.InRange(rgb[1], 49, 51);
        Assert.InRange(rgb[2], 24, 26);
        Assert.Equal(new byte[] { 10, 20, 30, 0, 0, 0 }, rgb[3..]);
    }

    [Fact]
    public void ToRgbHwc_GreyscalePng_GivesEqualChannels()
    {
        string path = WritePng("grey.png", 2, 2, SKColorType.Gray8, SKAlphaType.Opaque, [0, 7, 128, 255]);
        using MLImage image = MLImage.CreateFromFile(path);

        byte[] rgb = MLImagePixels.ToRgbHwc(image);

        Assert.Equal(new byte[] { 0, 0, 0, 7, 7, 7, 128, 128, 128, 255, 255, 255 }, rgb);
    }

    [Theory]
    [InlineData(MLPixelFormat.Rgba32, new byte[] { 1, 2, 3, 255, 4, 5, 6, 255 }, new byte[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData(MLPixelFormat.Bgra32, new byte[] { 1, 2, 3, 255, 4, 5, 6, 255 }, new byte[] { 3, 2, 1, 6, 5, 4 })]
    public void ToRgbHwc_EitherPixelFormat_GivesRgbOrder(MLPixelFormat format, byte[] pixels, byte[] expected)
    {
        using MLImage image = MLImage.CreateFromPixels(2, 1, format, pixels);

        Assert.Equal(expected, MLImagePixels.ToRgbHwc(image));
    }

    [Fact]
    public void ToRgbHwc_WrongDestinationLength_Throws()
    {
        using MLImage image = MLImage.CreateFromPixels(2, 1, MLPixelFormat.Rgba32, new byte[8]);

        var error = Assert.Throws<ArgumentException>(() => MLImagePixels.ToRgbHwc(image, new byte[5]));

        Assert.Equal("destination", error.ParamName);
        Assert.Contains("expected 6", error.Message);
    }

    private string WritePng(string name, int width, int height, SKColorType colorType, SKAlphaType alphaType, byte[] pixels)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, colorType, alphaType));
        Assert.Equal(pixels.Length, bitmap.RowBytes * height);
        Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        string path = Path.Combine(_folder, name);
        using SKData data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }
}
