namespace SplitBrain.MLNet.Colour;

/// <summary>
/// The weights that take one image axis of <see cref="InputLength"/> pixels to <see cref="OutputLength"/> cells the
/// way scikit-image 0.19 <c>resize(..., mode='constant', anti_aliasing=True, order=1)</c> does: a Gaussian prefilter
/// with zero padding followed by a pixel-centred linear interpolation, merged into one weight vector per cell.
/// </summary>
/// <remarks>
/// <para>Factor f = InputLength / OutputLength. Prefilter: sigma = max(0, (f - 1) / 2), radius = int(4 sigma + 0.5),
/// weights exp(-x² / (2 sigma²)) for x = -radius..radius divided by their sum, values outside the image count as 0;
/// no filter when sigma &lt;= 1e-15 (scipy's rule). Interpolation: cell o reads position (o + 0.5) f - 0.5 and mixes
/// the two pixels around it linearly (for an even integer f the plain mean of pixels f o + f/2 - 1 and f o + f/2;
/// for an odd integer f exactly pixel f o + (f - 1)/2). Non-integer factors use the same two rules, like skimage.</para>
/// <para>Because filtering and interpolation are both linear, cell o is <c>sum_k Weights[o][k] * x[Start[o] + k]</c>.
/// This differs from the two-step computation only by float64 rounding (about 1e-15).</para>
/// </remarks>
internal sealed class AxisResampleWeights
{
    private const double ScipySigmaThreshold = 1e-15;
    private const double GaussianTruncate = 4.0;

    private readonly int[] _start;
    private readonly int[] _count;
    private readonly double[] _weights;
    private readonly int[] _firstOutput;
    private readonly int[] _lastOutput;

    /// <summary>Builds the weights; requires 1 &lt;= <paramref name="outputLength"/> &lt;= <paramref name="inputLength"/>.</summary>
    public AxisResampleWeights(int inputLength, int outputLength)
    {
        if (outputLength < 1 || inputLength < outputLength)
        {
            throw new ArgumentOutOfRangeException(nameof(inputLength), inputLength,
                $"Downsampling needs 1 <= output length <= input length; got input {inputLength}, output {outputLength}.");
        }

        InputLength = inputLength;
        OutputLength = outputLength;

        double factor = (double)inputLength / outputLength;
        double sigma = Math.Max(0.0, (factor - 1.0) / 2.0);
        double[] gaussian = GaussianKernel(sigma);
        int radius = gaussian.Length / 2;
        Sigma = sigma;
        Radius = radius;

        Stride = 2 * radius + 2;
        _start = new int[outputLength];
        _count = new int[outputLength];
        _weights = new double[outputLength * Stride];

        for (int o = 0; o < outputLength; o++)
        {
            // scipy ndimage.zoom, grid_mode=True: ((o + 0.5) * zoom) - 0.5, zoom = input / output.
            double position = o;
            position += 0.5;
            position *= factor;
            position -= 0.5;
            int left = (int)Math.Floor(position);
            double fraction = position - left;

            int first = Math.Max(0, left - radius);
            int last = Math.Min(inputLength - 1, left + 1 + radius);
            _start[o] = first;
            _count[o] = last - first + 1;
            Span<double> row = _weights.AsSpan(o * Stride, Stride);
            AddTap(row, first, last, left, 1.0 - fraction, gaussian);
            if (left + 1 < inputLength)
                AddTap(row, first, last, left + 1, fraction, gaussian);
        }

        _firstOutput = new int[inputLength];
        _lastOutput = new int[inputLength];
        for (int i = 0; i < inputLength; i++)
        {
            _firstOutput[i] = int.MaxValue;
            _lastOutput[i] = -1;
        }

        for (int o = 0; o < outputLength; o++)
        {
            for (int i = _start[o]; i < _start[o] + _count[o]; i++)
            {
                _firstOutput[i] = Math.Min(_firstOutput[i], o);
                _lastOutput[i] = Math.Max(_lastOutput[i], o);
            }
        }
    }

    /// <summary>Pixels along the axis before downsampling.</summary>
    public int InputLength { get; }

    /// <summary>Cells along the axis after downsampling.</summary>
    public int OutputLength { get; }

    /// <summary>Standard deviation of the Gaussian prefilter, in input pixels.</summary>
    public double Sigma { get; }

    /// <summary>Half-width of the Gaussian prefilter, in input pixels (0 when there is no prefilter).</summary>
    public int Radius { get; }

    /// <summary>Distance between the weight rows of consecutive cells in <see cref="Weights"/>.</summary>
    public int Stride { get; }

    /// <summary>First input pixel that feeds cell <paramref name="output"/>.</summary>
    public int Start(int output) => _start[output];

    /// <summary>Number of consecutive input pixels that feed cell <paramref name="output"/>.</summary>
    public int Count(int output) => _count[output];

    /// <summary>The weights of cell <paramref name="output"/>, one per pixel from <see cref="Start"/>.</summary>
    public ReadOnlySpan<double> Weights(int output) => _weights.AsSpan(output * Stride, _count[output]);

    /// <summary>First cell that input pixel <paramref name="input"/> feeds, or int.MaxValue when it feeds none.</summary>
    public int FirstOutput(int input) => _firstOutput[input];

    /// <summary>Last cell that input pixel <paramref name="input"/> feeds, or -1 when it feeds none.</summary>
    public int LastOutput(int input) => _lastOutput[input];

    /// <summary>Weight of input pixel <paramref name="input"/> in cell <paramref name="output"/> (0 outside its support).</summary>
    public double Weight(int output, int input)
    {
        int offset = input - _start[output];
        return (uint)offset < (uint)_count[output] ? _weights[output * Stride + offset] : 0.0;
    }

    // Spreads interpolation weight `share` of pixel `centre` over its Gaussian neighbourhood (zero padding: taps
    // outside the image are simply dropped).
    private static void AddTap(Span<double> row, int first, int last, int centre, double share, double[] gaussian)
    {
        if (share == 0.0)
            return;
        int radius = gaussian.Length / 2;
        for (int k = -radius; k <= radius; k++)
        {
            int pixel = centre + k;
            if (pixel >= first && pixel <= last)
                row[pixel - first] += share * gaussian[k + radius];
        }
    }

    private static double[] GaussianKernel(double sigma)
    {
        if (sigma <= ScipySigmaThreshold)
            return [1.0];

        int radius = (int)(GaussianTruncate * sigma + 0.5);
        var kernel = new double[2 * radius + 1];
        double scale = -0.5 / (sigma * sigma);
        double sum = 0.0;
        for (int x = -radius; x <= radius; x++)
        {
            kernel[x + radius] = Math.Exp(scale * (x * x));
            sum += kernel[x + radius];
        }

        for (int i = 0; i < kernel.Length; i++)
            kernel[i] /= sum;
        return kernel;
    }
}
