namespace SplitBrain.MLNet.Colour;

/// <summary>
/// A value range <c>[Low, High]</c> cut into equal bins the way <c>np.digitize(x, np.linspace(Low, High, bins + 1)) - 1</c>
/// does it, with the result clamped to <c>[0, bins - 1]</c>.
/// </summary>
/// <remarks>
/// Edge k is computed as numpy computes it, <c>k * ((High - Low) / bins) + Low</c>, and the last edge is exactly
/// <see cref="High"/>. A value exactly on an edge belongs to the bin above that edge.
/// </remarks>
internal readonly struct BinRange : IEquatable<BinRange>
{
    /// <summary>Creates a range; <paramref name="high"/> must be greater than <paramref name="low"/>, both finite.</summary>
    /// <param name="low">Lower end, in the raw units of the binned value.</param>
    /// <param name="high">Upper end, in the raw units of the binned value.</param>
    /// <param name="parameterName">Name reported in the exception when the range is invalid.</param>
    public BinRange(double low, double high, string parameterName = "range")
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || !(high > low))
        {
            throw new ArgumentOutOfRangeException(parameterName, $"[{low}, {high}]",
                $"A bin range needs finite ends with high > low; got low = {low}, high = {high}.");
        }

        Low = low;
        High = high;
    }

    /// <summary>Lower end: values below it go to bin 0.</summary>
    public double Low { get; }

    /// <summary>Upper end: values at or above it go to the last bin.</summary>
    public double High { get; }

    /// <summary>Edge <paramref name="k"/> (0..<paramref name="bins"/>) of the range cut into <paramref name="bins"/> bins.</summary>
    public double Edge(int k, int bins) => k >= bins ? High : k * ((High - Low) / bins) + Low;

    /// <summary>The bin (0..<paramref name="bins"/> - 1) holding <paramref name="value"/>; NaN goes to the last bin, as in numpy.</summary>
    public int Digitize(double value, int bins)
    {
        if (!(value >= Low))
            return double.IsNaN(value) ? bins - 1 : 0;
        if (value >= High)
            return bins - 1;

        double step = (High - Low) / bins;
        int bin = (int)((value - Low) / step);
        if (bin > bins - 1)
            bin = bins - 1;

        // The estimate can be one off near an edge; settle it against the exact numpy edges.
        while (bin > 0 && InteriorEdge(bin, step) > value)
            bin--;
        while (bin < bins - 1 && InteriorEdge(bin + 1, step) <= value)
            bin++;
        return bin;
    }

    /// <summary>The value midway between the edges of bin <paramref name="bin"/>, in raw units.</summary>
    public double Centre(int bin, int bins)
    {
        if ((uint)bin >= (uint)bins)
        {
            throw new ArgumentOutOfRangeException(nameof(bin), bin,
                $"A bin index must lie in [0, {bins - 1}] for {bins} bins.");
        }

        return 0.5 * (Edge(bin, bins) + Edge(bin + 1, bins));
    }

    public bool Equals(BinRange other) => Low.Equals(other.Low) && High.Equals(other.High);

    public override bool Equals(object? obj) => obj is BinRange other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Low, High);

    public override string ToString() => $"[{Low}, {High}]";

    // Interior edges only (k < bins): the caller never asks for the last one here.
    private double InteriorEdge(int k, double step) => k * step + Low;
}
