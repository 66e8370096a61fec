using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace SplitBrain.MLNet.Tests.TestData;

/// <summary>A row holding one in-memory image, for MLContext.Data.LoadFromEnumerable.</summary>
public sealed class ImageRow
{
    [ImageType(32, 32)]
    public MLImage Image { get; set; } = null!;

    public string Name { get; set; } = "";
}

/// <summary>Seeded synthetic RGB images for unit tests.</summary>
public static class GeneratedImages
{
    /// <summary>Random RGB bytes, row-major H×W×3, from <paramref name="seed"/>, smoothed so the planes have structure.</summary>
    public static byte[] RandomRgb(int height, int width, int seed)
    {
        var random = new Random(seed);
        var rgb = new byte[height * width * 3];
        int baseRed = random.Next(256), baseGreen = random.Next(256), baseBlue = random.Next(256);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            int i = (y * width + x) * 3;
            rgb[i] = (byte)((baseRed + x * 5 + random.Next(30)) % 256);
            rgb[i + 1] = (byte)((baseGreen + y * 7 + random.Next(30)) % 256);
            rgb[i + 2] = (byte)((baseBlue + (x ^ y) * 3 + random.Next(30)) % 256);
        }
        return rgb;
    }

    /// <summary>An opaque MLImage with the given RGB pixels.</summary>
    public static MLImage ToImage(byte[] rgb, int height, int width)
    {
        var rgba = new byte[height * width * 4];
        for (int p = 0; p < height * width; p++)
        {
            rgba[4 * p] = rgb[3 * p];
            rgba[4 * p + 1] = rgb[3 * p + 1];
            rgba[4 * p + 2] = rgb[3 * p + 2];
            rgba[4 * p + 3] = 255;
        }
        return MLImage.CreateFromPixels(width, height, MLPixelFormat.Rgba32, rgba);
    }

    public static List<ImageRow> Rows(int count, int seed, int size = 32) => Enumerable.Range(0, count)
        .Select(i => new ImageRow { Image = ToImage(RandomRgb(size, size, seed + i), size, size), Name = $"img{i}" })
        .ToList();
}

/// <summary>
/// Images in which colour follows from lightness and vice versa, so both split-brain nets can learn: a grey
/// background, and a square whose colour is chosen from three (dark blue, mid green, bright yellow) with a matching
/// lightness, at a random place.
/// </summary>
public static class LearnableColourImages
{
    private static readonly byte[][] SquareColours = { new byte[] { 20, 30, 140 }, new byte[] { 40, 160, 60 }, new byte[] { 250, 230, 40 } };

    public static byte[] Rgb(int size, int seed)
    {
        var random = new Random(seed);
        var rgb = new byte[size * size * 3];
        byte grey = (byte)random.Next(90, 170);
        Array.Fill(rgb, grey);
        byte[] colour = SquareColours[random.Next(SquareColours.Length)];
        int side = size / 2, top = random.Next(size - side), left = random.Next(size - side);
        for (int y = top; y < top + side; y++)
        for (int x = left; x < left + side; x++)
            colour.CopyTo(rgb, (y * size + x) * 3);
        return rgb;
    }

    public static List<ImageRow> Rows(int count, int seed, int size = 32) => Enumerable.Range(0, count)
        .Select(i => new ImageRow { Image = GeneratedImages.ToImage(Rgb(size, seed + i), size, size), Name = $"img{i}" })
        .ToList();
}
