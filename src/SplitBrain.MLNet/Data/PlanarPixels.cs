namespace SplitBrain.MLNet.Data;

/// <summary>Converts the planar RGB layout of binary image sets to interleaved BGRA.</summary>
internal static class PlanarPixels
{
    /// <summary>
    /// Converts three consecutive planes (red, green, blue; <paramref name="width"/> × <paramref name="height"/> bytes
    /// each) into opaque BGRA, row-major with the top row first. A row-major plane stores pixel (x, y) at
    /// <c>y·width + x</c>; a column-major plane (STL-10) stores it at <c>x·height + y</c>.
    /// </summary>
    public static void ToBgra(ReadOnlySpan<byte> planes, int width, int height, bool columnMajor, Span<byte> bgra)
    {
        int planeSize = width * height;
        ReadOnlySpan<byte> red = planes.Slice(0, planeSize);
        ReadOnlySpan<byte> green = planes.Slice(planeSize, planeSize);
        ReadOnlySpan<byte> blue = planes.Slice(2 * planeSize, planeSize);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int source = columnMajor ? x * height + y : y * width + x;
                int target = (y * width + x) * 4;
                bgra[target] = blue[source];
                bgra[target + 1] = green[source];
                bgra[target + 2] = red[source];
                bgra[target + 3] = byte.MaxValue;
            }
        }
    }
}
