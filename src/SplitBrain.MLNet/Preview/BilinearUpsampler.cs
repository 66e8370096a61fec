namespace SplitBrain.MLNet.Preview;

/// <summary>
/// Bilinear resampling of a small square map (the label grid) up to the image size, with pixel centres aligned as in
/// <c>torch.nn.functional.interpolate(mode="bilinear", align_corners=False)</c>: output pixel x samples the input at
/// (x + 0.5) · grid / size - 0.5, clamped to the outer cell centres, so edge cells extend flat to the border.
/// </summary>
internal static class BilinearUpsampler
{
    /// <summary>Upsamples a grid × grid map (row-major) to size × size (row-major).</summary>
    public static void Upsample(ReadOnlySpan<double> map, int grid, int size, Span<double> output)
    {
        if (grid < 1 || size < 1 || map.Length != grid * grid || output.Length != size * size)
        {
            throw new ArgumentException(
                $"Got a map of {map.Length} values for a {grid}×{grid} grid and an output of {output.Length} values for " +
                $"{size}×{size} pixels; expected grid² and size².", nameof(map));
        }

        Span<int> low = size <= 1024 ? stackalloc int[size] : new int[size];
        Span<double> fraction = size <= 1024 ? stackalloc double[size] : new double[size];
        double scale = (double)grid / size;
        for (int x = 0; x < size; x++)
        {
            double position = Math.Clamp((x + 0.5) * scale - 0.5, 0.0, grid - 1);
            low[x] = Math.Min((int)position, Math.Max(grid - 2, 0));
            fraction[x] = grid == 1 ? 0.0 : position - low[x];
        }

        for (int y = 0; y < size; y++)
        {
            int top = low[y], bottom = Math.Min(top + 1, grid - 1);
            double fy = fraction[y];
            for (int x = 0; x < size; x++)
            {
                int left = low[x], right = Math.Min(left + 1, grid - 1);
                double fx = fraction[x];
                double upper = map[top * grid + left] * (1 - fx) + map[top * grid + right] * fx;
                double lower = map[bottom * grid + left] * (1 - fx) + map[bottom * grid + right] * fx;
                output[y * size + x] = upper * (1 - fy) + lower * fy;
            }
        }
    }
}
