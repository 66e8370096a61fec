using SplitBrain.MLNet.Colour;

namespace SplitBrain.MLNet.Tests.Colour;

/// <summary>
/// A deliberately plain second implementation of the testdata README's rule, step by step as scikit-image runs it:
/// whole-image Gaussian filter along rows, then along columns (zero padding), then pixel-centred linear interpolation,
/// then the clip, then numpy-style digitize by counting edges. Slow; used to check the fast merged-weight path.
/// </summary>
internal static class ReferenceQuantizer
{
    public static (double[] Small, int[] Single, int[] Pair) Run(byte[] rgb, int height, int width, LabQuantizerSettings settings)
    {
        int grid = settings.GridSize, pixels = height * width;
        var planes = new double[3][];
        for (int c = 0; c < 3; c++)
            planes[c] = new double[pixels];
        for (int p = 0; p < pixels; p++)
        {
            if (settings.Space == ColorSpace.Rgb)
            {
                for (int c = 0; c < 3; c++)
                    planes[c][p] = rgb[3 * p + c] / 255.0;
            }
            else
            {
                ColourConversion.SrgbToLab(rgb[3 * p], rgb[3 * p + 1], rgb[3 * p + 2], out planes[0][p], out planes[1][p], out planes[2][p]);
            }
        }

        double low = planes.Min(p => p.Min()), high = planes.Max(p => p.Max());
        var small = new double[3 * grid * grid];
        for (int c = 0; c < 3; c++)
        {
            double[] filtered = FilterAlongColumns(FilterAlongRows(planes[c], height, width, Sigma(height, grid)), height, width, Sigma(width, grid));
            for (int o = 0; o < grid; o++)
            {
                (int y0, double ty) = Position(o, height, grid);
                for (int q = 0; q < grid; q++)
                {
                    (int x0, double tx) = Position(q, width, grid);
                    double Pixel(int y, int x) => y < height && x < width ? filtered[y * width + x] : 0.0;
                    small[(c * grid + o) * grid + q] = (1 - ty) * ((1 - tx) * Pixel(y0, x0) + tx * Pixel(y0, x0 + 1))
                        + ty * ((1 - tx) * Pixel(y0 + 1, x0) + tx * Pixel(y0 + 1, x0 + 1));
                }
            }
        }

        if (!(low <= 0 && 0 <= high) && small.Min() <= 0 && 0 <= small.Max())
        {
            low = Math.Min(low, 0);
            high = Math.Max(high, 0);
        }

        for (int i = 0; i < small.Length; i++)
            small[i] = Math.Clamp(small[i], low, high);

        int cells = grid * grid;
        (double Lo, double Hi) first = (settings.PairFirstRange.Low, settings.PairFirstRange.High);
        (double Lo, double Hi) second = (settings.PairSecondRange.Low, settings.PairSecondRange.High);
        if (settings.Space == ColorSpace.LabRescaled)
        {
            first = (small.Skip(cells).Take(cells).Min(), small.Skip(cells).Take(cells).Max() + 1);
            second = (small.Skip(2 * cells).Min(), small.Skip(2 * cells).Max() + 1);
        }

        var single = new int[cells];
        var pair = new int[cells];
        for (int i = 0; i < cells; i++)
        {
            single[i] = CountEdges(small[i], settings.SingleRange.Low, settings.SingleRange.High, settings.SingleBins);
            pair[i] = CountEdges(small[cells + i], first.Lo, first.Hi, settings.PairBins) * settings.PairBins
                + CountEdges(small[2 * cells + i], second.Lo, second.Hi, settings.PairBins);
        }

        return (small, single, pair);
    }

    private static double Sigma(int input, int output) => Math.Max(0, ((double)input / output - 1) / 2);

    private static (int Index, double Fraction) Position(int o, int input, int output)
    {
        double position = (o + 0.5) * ((double)input / output) - 0.5;
        int index = (int)Math.Floor(position);
        return (index, position - index);
    }

    private static double[] Kernel(double sigma)
    {
        if (sigma <= 1e-15)
            return [1.0];
        int radius = (int)(4 * sigma + 0.5);
        double[] k = Enumerable.Range(-radius, 2 * radius + 1).Select(x => Math.Exp(-0.5 / (sigma * sigma) * x * x)).ToArray();
        double sum = k.Sum();
        return k.Select(v => v / sum).ToArray();
    }

    private static double[] FilterAlongRows(double[] plane, int height, int width, double sigma)
    {
        double[] k = Kernel(sigma);
        int r = k.Length / 2;
        var result = new double[plane.Length];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int j = -r; j <= r; j++)
                    result[y * width + x] += y + j >= 0 && y + j < height ? k[j + r] * plane[(y + j) * width + x] : 0.0;
        return result;
    }

    private static double[] FilterAlongColumns(double[] plane, int height, int width, double sigma)
    {
        double[] k = Kernel(sigma);
        int r = k.Length / 2;
        var result = new double[plane.Length];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int j = -r; j <= r; j++)
                    result[y * width + x] += x + j >= 0 && x + j < width ? k[j + r] * plane[y * width + x + j] : 0.0;
        return result;
    }

    private static int CountEdges(double value, double low, double high, int bins)
    {
        int count = 0;
        for (int k = 0; k <= bins; k++)
            count += (k == bins ? high : k * ((high - low) / bins) + low) <= value ? 1 : 0;
        return Math.Clamp(count - 1, 0, bins - 1);
    }
}
