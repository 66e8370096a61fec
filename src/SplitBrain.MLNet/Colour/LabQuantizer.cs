using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SplitBrain.MLNet.Colour;

/// <summary>
/// Turns one RGB image into the inputs and targets of a split-brain autoencoder: the full-resolution normalised
/// single plane and pair planes, and the single and joint pair class labels on a downsampled grid. Reproduces the
/// 2019 PyTorch reference (scikit-image 0.19 <c>rgb2lab</c>, <c>resize(..., anti_aliasing=True)</c>, <c>np.digitize</c>).
/// </summary>
/// <remarks>
/// <para>Thread-safe: one instance may serve many threads. Per-size resample weights are cached in the instance; working
/// buffers are per thread and reused, so after the first image of a size on a thread a call allocates nothing.</para>
/// <para>Labels come from the raw values (Lab, or RGB/255) downsampled in float64: see <see cref="AxisResampleWeights"/>
/// for the filter, then the result is clipped to the [min, max] of the whole input (all channels), widened to
/// include 0 when 0 lies outside that range but inside the output's own range (skimage's cval rule).</para>
/// </remarks>
internal sealed class LabQuantizer
{
    private const int Channels = 3;

    [ThreadStatic]
    private static Scratch? t_scratch;

    private readonly ConcurrentDictionary<int, AxisResampleWeights> _weightsByInputLength = new();

    /// <summary>Creates a quantizer for <paramref name="settings"/>.</summary>
    public LabQuantizer(LabQuantizerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
    }

    /// <summary>The settings this quantizer applies.</summary>
    public LabQuantizerSettings Settings { get; }

    /// <summary>Quantizes one image; see the overload with <c>downsampledRaw</c>.</summary>
    public QuantizedImageSummary Quantize(ReadOnlySpan<byte> rgbHwc, int height, int width, Span<float> singlePlane,
        Span<float> pairPlanes, Span<int> singleLabels, Span<int> pairLabels) =>
        Quantize(rgbHwc, height, width, singlePlane, pairPlanes, singleLabels, pairLabels, Span<double>.Empty);

    /// <summary>Quantizes one image.</summary>
    /// <param name="rgbHwc">Pixels as bytes R, G, B, row-major (height × width × 3).</param>
    /// <param name="height">Rows of the image, at least <see cref="LabQuantizerSettings.GridSize"/>.</param>
    /// <param name="width">Columns of the image, at least <see cref="LabQuantizerSettings.GridSize"/>.</param>
    /// <param name="singlePlane">Receives height × width normalised L (L / 100), or R / 255 for Rgb.</param>
    /// <param name="pairPlanes">Receives 2 × height × width (C×H×W): (a + 87) / 186 then (b + 108) / 203, or G / 255 then B / 255.</param>
    /// <param name="singleLabels">Receives grid × grid single-plane classes, row-major, in [0, SingleBins).</param>
    /// <param name="pairLabels">Receives grid × grid joint classes first_bin * PairBins + second_bin, row-major.</param>
    /// <param name="downsampledRaw">Empty, or 3 × grid × grid: receives the clipped downsampled raw planes (C×H×W).</param>
    /// <returns>Raw means and ranges of this image.</returns>
    public QuantizedImageSummary Quantize(ReadOnlySpan<byte> rgbHwc, int height, int width, Span<float> singlePlane,
        Span<float> pairPlanes, Span<int> singleLabels, Span<int> pairLabels, Span<double> downsampledRaw)
    {
        int grid = Settings.GridSize;
        ValidateSizes(rgbHwc.Length, height, width, singlePlane.Length, pairPlanes.Length, singleLabels.Length,
            pairLabels.Length, downsampledRaw.Length);

        AxisResampleWeights rowWeights = GetWeights(height);
        AxisResampleWeights columnWeights = GetWeights(width);
        Scratch scratch = GetScratch(width, grid);

        int pixels = height * width;
        Span<double> rawRows = scratch.RawRows.AsSpan(0, Channels * width);
        Span<double> columnSums = scratch.ColumnSums.AsSpan(0, Channels * grid * width);
        Span<double> small = scratch.Small.AsSpan(0, Channels * grid * grid);
        columnSums.Clear();

        var stats = new RowStatistics();
        bool rgb = Settings.Space == ColorSpace.Rgb;
        Span<float> pairFirstPlane = pairPlanes[..pixels];
        Span<float> pairSecondPlane = pairPlanes[pixels..];

        // 1. Convert row by row and fold each raw row into the vertical (row-axis) resample of every cell row it feeds.
        for (int row = 0; row < height; row++)
        {
            ReadOnlySpan<byte> rgbRow = rgbHwc.Slice(row * width * Channels, width * Channels);
            Span<double> raw0 = rawRows[..width], raw1 = rawRows.Slice(width, width), raw2 = rawRows.Slice(2 * width, width);
            int offset = row * width;
            if (rgb)
                ConvertRowRgb(rgbRow, raw0, raw1, raw2, singlePlane.Slice(offset, width), pairFirstPlane.Slice(offset, width),
                    pairSecondPlane.Slice(offset, width), ref stats);
            else
                ConvertRowLab(rgbRow, raw0, raw1, raw2, singlePlane.Slice(offset, width), pairFirstPlane.Slice(offset, width),
                    pairSecondPlane.Slice(offset, width), ref stats);

            int lastCellRow = rowWeights.LastOutput(row);
            for (int cellRow = rowWeights.FirstOutput(row); cellRow <= lastCellRow; cellRow++)
            {
                double weight = rowWeights.Weight(cellRow, row);
                for (int c = 0; c < Channels; c++)
                    AddScaled(columnSums.Slice((c * grid + cellRow) * width, width), rawRows.Slice(c * width, width), weight);
            }
        }

        // 2. Horizontal (column-axis) resample of the grid × width partial results.
        for (int c = 0; c < Channels; c++)
        {
            for (int cellRow = 0; cellRow < grid; cellRow++)
            {
                ReadOnlySpan<double> sums = columnSums.Slice((c * grid + cellRow) * width, width);
                for (int cellColumn = 0; cellColumn < grid; cellColumn++)
                {
                    ReadOnlySpan<double> weights = columnWeights.Weights(cellColumn);
                    ref double source = ref MemoryMarshal.GetReference(sums.Slice(columnWeights.Start(cellColumn), weights.Length));
                    ref double weight = ref MemoryMarshal.GetReference(weights);
                    double value = 0.0;
                    for (int k = 0; k < weights.Length; k++)
                        value += Unsafe.Add(ref weight, k) * Unsafe.Add(ref source, k);
                    small[(c * grid + cellRow) * grid + cellColumn] = value;
                }
            }
        }

        // 3. Clip to the input range, as skimage's resize(clip=True) does.
        ClipLikeSkimage(small, stats.Minimum, stats.Maximum);
        if (!downsampledRaw.IsEmpty)
            small.CopyTo(downsampledRaw);

        // 4. Bin.
        int cells = grid * grid;
        ReadOnlySpan<double> small0 = small[..cells], small1 = small.Slice(cells, cells), small2 = small.Slice(2 * cells, cells);
        BinRange firstRange = Settings.PairFirstRange, secondRange = Settings.PairSecondRange;
        if (Settings.Space == ColorSpace.LabRescaled)
        {
            firstRange = RescaledRange(small1, nameof(pairLabels));
            secondRange = RescaledRange(small2, nameof(pairLabels));
        }

        int singleBins = Settings.SingleBins, pairBins = Settings.PairBins;
        BinRange singleRange = Settings.SingleRange;
        for (int cell = 0; cell < cells; cell++)
        {
            singleLabels[cell] = singleRange.Digitize(small0[cell], singleBins);
            pairLabels[cell] = firstRange.Digitize(small1[cell], pairBins) * pairBins + secondRange.Digitize(small2[cell], pairBins);
        }

        return new QuantizedImageSummary(stats.Sum0 / pixels, stats.Sum1 / pixels, stats.Sum2 / pixels,
            stats.Minimum, stats.Maximum, firstRange, secondRange);
    }

    /// <summary>The cached resample weights of an axis of <paramref name="inputLength"/> pixels down to the grid.</summary>
    internal AxisResampleWeights GetWeights(int inputLength) =>
        _weightsByInputLength.TryGetValue(inputLength, out AxisResampleWeights? weights)
            ? weights
            : _weightsByInputLength.GetOrAdd(inputLength, length => new AxisResampleWeights(length, Settings.GridSize));

    private void ValidateSizes(int rgbLength, int height, int width, int singleLength, int pairLength, int singleLabelLength,
        int pairLabelLength, int downsampledLength)
    {
        int grid = Settings.GridSize;
        if (height < grid || width < grid)
        {
            throw new ArgumentOutOfRangeException(height < grid ? nameof(height) : nameof(width),
                $"The image is {height}×{width} (height×width) but the label grid is {grid}×{grid}; " +
                $"both sides must be at least {grid} pixels.");
        }

        long pixels = (long)height * width;
        if (pixels * 3 > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(height), $"The image is {height}×{width}; at most {int.MaxValue / 3} pixels fit.");

        RequireLength("rgbHwc", rgbLength, pixels * 3, height, width, "{0}×{1}×3 bytes (HWC)");
        RequireLength("singlePlane", singleLength, pixels, height, width, "{0}×{1} floats");
        RequireLength("pairPlanes", pairLength, pixels * 2, height, width, "2×{0}×{1} floats (CHW)");
        RequireLength("singleLabels", singleLabelLength, (long)grid * grid, grid, grid, "{0}×{1} ints");
        RequireLength("pairLabels", pairLabelLength, (long)grid * grid, grid, grid, "{0}×{1} ints");
        if (downsampledLength != 0)
            RequireLength("downsampledRaw", downsampledLength, 3L * grid * grid, grid, grid, "0 or 3×{0}×{1} doubles");
    }

    // The shape text is formatted only on failure, so a valid call allocates nothing.
    private static void RequireLength(string parameterName, int actual, long expected, int rows, int columns, string shapeFormat)
    {
        if (actual != expected)
        {
            string shape = string.Format(System.Globalization.CultureInfo.InvariantCulture, shapeFormat, rows, columns);
            throw new ArgumentException($"Buffer '{parameterName}' has length {actual}; expected {expected} ({shape}).", parameterName);
        }
    }

    // Raw Lab of one row into three double rows; the network planes and statistics follow in FinishRow.
    private static void ConvertRowLab(ReadOnlySpan<byte> rgbRow, Span<double> lightness, Span<double> a, Span<double> b,
        Span<float> lightnessInput, Span<float> aInput, Span<float> bInput, ref RowStatistics stats)
    {
        LabRowConversion.Convert(rgbRow, lightness, a, b);

        stats.Sum0 += FinishRow(lightness, lightnessInput, 0.0, 1.0 / NetworkInputNormalization.LightnessScale, ref stats);
        stats.Sum1 += FinishRow(a, aInput, NetworkInputNormalization.AOffset, 1.0 / NetworkInputNormalization.AScale, ref stats);
        stats.Sum2 += FinishRow(b, bInput, NetworkInputNormalization.BOffset, 1.0 / NetworkInputNormalization.BScale, ref stats);
    }

    private static void ConvertRowRgb(ReadOnlySpan<byte> rgbRow, Span<double> red, Span<double> green, Span<double> blue,
        Span<float> redInput, Span<float> greenInput, Span<float> blueInput, ref RowStatistics stats)
    {
        ReadOnlySpan<double> unit = ColourConversion.UnitFromByte;
        for (int x = 0; x < red.Length; x++)
        {
            red[x] = unit[rgbRow[3 * x]];
            green[x] = unit[rgbRow[3 * x + 1]];
            blue[x] = unit[rgbRow[3 * x + 2]];
        }

        stats.Sum0 += FinishRow(red, redInput, 0.0, 1.0, ref stats);
        stats.Sum1 += FinishRow(green, greenInput, 0.0, 1.0, ref stats);
        stats.Sum2 += FinishRow(blue, blueInput, 0.0, 1.0, ref stats);
    }

    // Writes (raw + offset) * factor as float, widens the min/max, and returns the sum of the raw row.
    private static double FinishRow(ReadOnlySpan<double> raw, Span<float> input, double offset, double factor, ref RowStatistics stats)
    {
        double sum = 0.0, minimum = stats.Minimum, maximum = stats.Maximum;
        int x = 0;
        if (Vector.IsHardwareAccelerated && raw.Length >= 2 * Vector<double>.Count)
        {
            var sums = Vector<double>.Zero;
            var minimums = new Vector<double>(minimum);
            var maximums = new Vector<double>(maximum);
            var offsets = new Vector<double>(offset);
            var factors = new Vector<double>(factor);
            int step = 2 * Vector<double>.Count;
            for (; x <= raw.Length - step; x += step)
            {
                var first = new Vector<double>(raw.Slice(x));
                var second = new Vector<double>(raw.Slice(x + Vector<double>.Count));
                sums += first + second;
                minimums = Vector.Min(minimums, Vector.Min(first, second));
                maximums = Vector.Max(maximums, Vector.Max(first, second));
                Vector.Narrow((first + offsets) * factors, (second + offsets) * factors).CopyTo(input.Slice(x));
            }

            sum = Vector.Sum(sums);
            for (int lane = 0; lane < Vector<double>.Count; lane++)
            {
                minimum = Math.Min(minimum, minimums[lane]);
                maximum = Math.Max(maximum, maximums[lane]);
            }
        }

        for (; x < raw.Length; x++)
        {
            double value = raw[x];
            input[x] = (float)((value + offset) * factor);
            sum += value;
            minimum = Math.Min(minimum, value);
            maximum = Math.Max(maximum, value);
        }

        stats.Minimum = minimum;
        stats.Maximum = maximum;
        return sum;
    }

    private static void AddScaled(Span<double> destination, ReadOnlySpan<double> source, double weight)
    {
        int x = 0;
        if (Vector.IsHardwareAccelerated && destination.Length >= Vector<double>.Count)
        {
            var weightVector = new Vector<double>(weight);
            Span<Vector<double>> destinationVectors = MemoryMarshal.Cast<double, Vector<double>>(destination);
            ReadOnlySpan<Vector<double>> sourceVectors = MemoryMarshal.Cast<double, Vector<double>>(source);
            for (int v = 0; v < destinationVectors.Length; v++)
                destinationVectors[v] += weightVector * sourceVectors[v];
            x = destinationVectors.Length * Vector<double>.Count;
        }

        for (; x < destination.Length; x++)
            destination[x] += weight * source[x];
    }

    private static void ClipLikeSkimage(Span<double> values, double inputMinimum, double inputMaximum)
    {
        double low = inputMinimum, high = inputMaximum;
        if (!(low <= 0.0 && 0.0 <= high))
        {
            double outputMinimum = double.PositiveInfinity, outputMaximum = double.NegativeInfinity;
            foreach (double value in values)
            {
                outputMinimum = Math.Min(outputMinimum, value);
                outputMaximum = Math.Max(outputMaximum, value);
            }

            // skimage keeps cval (0) reachable when zero padding produced it and the input range excludes it.
            if (outputMinimum <= 0.0 && 0.0 <= outputMaximum)
            {
                low = Math.Min(low, 0.0);
                high = Math.Max(high, 0.0);
            }
        }

        for (int i = 0; i < values.Length; i++)
            values[i] = Math.Clamp(values[i], low, high);
    }

    private static BinRange RescaledRange(ReadOnlySpan<double> plane, string parameterName)
    {
        double minimum = double.PositiveInfinity, maximum = double.NegativeInfinity;
        foreach (double value in plane)
        {
            minimum = Math.Min(minimum, value);
            maximum = Math.Max(maximum, value);
        }

        return new BinRange(minimum, maximum + LabQuantizerDefaults.RescaledRangeMargin, parameterName);
    }

    private static Scratch GetScratch(int width, int grid)
    {
        Scratch scratch = t_scratch ??= new Scratch();
        scratch.Ensure(width, grid);
        return scratch;
    }

    private struct RowStatistics()
    {
        public double Sum0;
        public double Sum1;
        public double Sum2;
        public double Minimum = double.PositiveInfinity;
        public double Maximum = double.NegativeInfinity;
    }

    // Per-thread working memory, grown to the largest width and grid seen on the thread and then reused.
    private sealed class Scratch
    {
        public double[] RawRows { get; private set; } = [];

        public double[] ColumnSums { get; private set; } = [];

        public double[] Small { get; private set; } = [];

        public void Ensure(int width, int grid)
        {
            if (RawRows.Length < Channels * width)
                RawRows = new double[Channels * width];
            if (ColumnSums.Length < Channels * grid * width)
                ColumnSums = new double[Channels * grid * width];
            if (Small.Length < Channels * grid * grid)
                Small = new double[Channels * grid * grid];
        }
    }
}
