using SplitBrain.MLNet.Colour;

namespace SplitBrain.MLNet.Preview;

/// <summary>
/// Draws one row of a colorization preview: four size × size tiles side by side, as RGB bytes. The planes are
/// LabQuantize's network inputs; the predictions are decoded values on the label grid, upsampled bilinearly here.
/// </summary>
internal static class PreviewRowRenderer
{
    /// <summary>Tiles per row: original, single channel as grey, single + predicted pair, predicted single as grey.</summary>
    public const int TilesPerRow = 4;

    /// <summary>Draws the row into <paramref name="band"/>: size rows of TilesPerRow · size pixels, R, G, B bytes.</summary>
    /// <param name="space">The colour space of the planes and predictions.</param>
    /// <param name="size">Image side in pixels.</param>
    /// <param name="grid">Label grid side in cells.</param>
    /// <param name="singlePlane">size² network inputs of the single channel (L / 100, or R / 255).</param>
    /// <param name="pairPlanes">2 · size² network inputs of the pair (C×H×W).</param>
    /// <param name="predictedFirst">grid² decoded values of the first pair channel (raw a, or G / 255).</param>
    /// <param name="predictedSecond">grid² decoded values of the second pair channel (raw b, or B / 255).</param>
    /// <param name="predictedSingle">grid² decoded values of the single channel (raw L, or R / 255).</param>
    /// <param name="band">Receives the pixels.</param>
    public static void Draw(ColorSpace space, int size, int grid, ReadOnlySpan<float> singlePlane,
        ReadOnlySpan<float> pairPlanes, ReadOnlySpan<double> predictedFirst, ReadOnlySpan<double> predictedSecond,
        ReadOnlySpan<double> predictedSingle, Span<byte> band)
    {
        int pixels = size * size, stride = TilesPerRow * size * 3;
        if (singlePlane.Length != pixels || pairPlanes.Length != 2 * pixels || band.Length != size * stride)
        {
            throw new ArgumentException(
                $"Got planes of {singlePlane.Length} and {pairPlanes.Length} values and a band of {band.Length} bytes " +
                $"for {size}×{size} images; expected {pixels}, {2 * pixels} and {size * stride}.", nameof(band));
        }

        var first = new double[pixels];
        var second = new double[pixels];
        var single = new double[pixels];
        BilinearUpsampler.Upsample(predictedFirst, grid, size, first);
        BilinearUpsampler.Upsample(predictedSecond, grid, size, second);
        BilinearUpsampler.Upsample(predictedSingle, grid, size, single);

        bool rgb = space == ColorSpace.Rgb;
        for (int y = 0; y < size; y++)
        {
            Span<byte> line = band.Slice(y * stride, stride);
            for (int x = 0; x < size; x++)
            {
                int p = y * size + x;
                double s = RawSingle(rgb, singlePlane[p]);
                double u = RawFirst(rgb, pairPlanes[p]), v = RawSecond(rgb, pairPlanes[pixels + p]);
                Span<byte> original = line.Slice(3 * x, 3);
                Span<byte> singleGrey = line.Slice(3 * (size + x), 3);
                Span<byte> colourised = line.Slice(3 * (2 * size + x), 3);
                Span<byte> predictedGrey = line.Slice(3 * (3 * size + x), 3);
                if (rgb)
                {
                    WriteRgb(original, s, u, v);
                    WriteRgb(singleGrey, s, s, s);
                    WriteRgb(colourised, s, first[p], second[p]);
                    WriteRgb(predictedGrey, single[p], single[p], single[p]);
                }
                else
                {
                    WriteLab(original, s, u, v);
                    WriteLab(singleGrey, s, 0.0, 0.0);
                    WriteLab(colourised, s, first[p], second[p]);
                    WriteLab(predictedGrey, single[p], 0.0, 0.0);
                }
            }
        }
    }

    /// <summary>The raw single value (L, or R / 255) of a network input.</summary>
    public static double RawSingle(bool rgb, float input) => rgb ? input : NetworkInputNormalization.LightnessFromInput(input);

    /// <summary>The raw first pair value (a, or G / 255) of a network input.</summary>
    public static double RawFirst(bool rgb, float input) => rgb ? input : NetworkInputNormalization.AFromInput(input);

    /// <summary>The raw second pair value (b, or B / 255) of a network input.</summary>
    public static double RawSecond(bool rgb, float input) => rgb ? input : NetworkInputNormalization.BFromInput(input);

    // Lab to sRGB clips to the gamut and maps NaN to 0.
    private static void WriteLab(Span<byte> pixel, double lightness, double a, double b)
    {
        ColourConversion.LabToSrgb(lightness, a, b, out byte red, out byte green, out byte blue);
        pixel[0] = red;
        pixel[1] = green;
        pixel[2] = blue;
    }

    private static void WriteRgb(Span<byte> pixel, double red, double green, double blue)
    {
        pixel[0] = UnitToByte(red);
        pixel[1] = UnitToByte(green);
        pixel[2] = UnitToByte(blue);
    }

    /// <summary>A value in [0, 1] as a byte, rounded; values outside are clipped and NaN gives 0.</summary>
    public static byte UnitToByte(double value) =>
        double.IsNaN(value) ? (byte)0 : (byte)Math.Round(Math.Clamp(value, 0.0, 1.0) * 255.0, MidpointRounding.AwayFromZero);
}
