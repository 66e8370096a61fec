using Microsoft.ML.Data;

namespace SplitBrain.MLNet.Colour;

/// <summary>Reads an <see cref="MLImage"/> as the RGB bytes (row-major H×W×3) that <see cref="LabQuantizer"/> takes.</summary>
/// <remarks>
/// <para>Alpha policy: every pixel is composited onto black, i.e. the result is the premultiplied colour
/// (a fully transparent pixel becomes (0, 0, 0)). MLImage stores premultiplied pixels: its decoder (SkiaSharp
/// <c>SKBitmap.Decode</c>) converts straight-alpha files such as PNG to premultiplied, and
/// <c>MLImage.CreateFromPixels</c> tags the bytes it is given as premultiplied. So the stored colour already is the
/// composite and is used as it is; the unit tests pin this with a straight-alpha PNG.</para>
/// <para>Greyscale files decode to R = G = B. Both <see cref="MLPixelFormat.Bgra32"/> and
/// <see cref="MLPixelFormat.Rgba32"/> are handled; other formats are rejected.</para>
/// </remarks>
internal static class MLImagePixels
{
    /// <summary>Returns the image as new RGB bytes, row-major <c>Height × Width × 3</c>.</summary>
    public static byte[] ToRgbHwc(MLImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var rgb = new byte[checked(image.Height * image.Width * 3)];
        ToRgbHwc(image, rgb);
        return rgb;
    }

    /// <summary>Writes the image into <paramref name="destination"/> (exactly <c>Height × Width × 3</c> bytes, RGB, row-major).</summary>
    public static void ToRgbHwc(MLImage image, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        int height = image.Height, width = image.Width;
        long expected = (long)height * width * 3;
        if (destination.Length != expected)
        {
            throw new ArgumentException(
                $"Buffer 'destination' has length {destination.Length}; expected {expected} ({height}×{width}×3 bytes).",
                nameof(destination));
        }

        (int redOffset, int blueOffset) = image.PixelFormat switch
        {
            MLPixelFormat.Bgra32 => (2, 0),
            MLPixelFormat.Rgba32 => (0, 2),
            _ => throw new ArgumentException(
                $"MLImage pixel format {image.PixelFormat} is not supported; expected Bgra32 or Rgba32.", nameof(image)),
        };

        ReadOnlySpan<byte> pixels = image.Pixels;
        if (height == 0 || pixels.Length % height != 0 || pixels.Length / height < width * 4)
        {
            throw new ArgumentException(
                $"MLImage holds {pixels.Length} pixel bytes, which does not fit {height} rows of {width} 4-byte pixels.",
                nameof(image));
        }

        int rowBytes = pixels.Length / height;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> source = pixels.Slice(y * rowBytes, width * 4);
            Span<byte> target = destination.Slice(y * width * 3, width * 3);
            for (int x = 0; x < width; x++)
            {
                target[3 * x] = source[4 * x + redOffset];
                target[3 * x + 1] = source[4 * x + 1];
                target[3 * x + 2] = source[4 * x + blueOffset];
            }
        }
    }
}
