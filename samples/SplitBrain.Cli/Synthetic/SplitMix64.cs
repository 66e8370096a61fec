namespace SplitBrain.Cli.Synthetic;

/// <summary>
/// The SplitMix64 generator (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
/// a 64-bit counter mixed by a fixed function. Written out here so that the synthetic images do not depend on how a
/// .NET version implements <see cref="Random"/>.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>A generator for one item of a seeded collection, independent of the order items are made in.</summary>
    public static SplitMix64 ForItem(int seed, int group, int item)
    {
        var mixer = new SplitMix64((ulong)(uint)seed);
        ulong a = mixer.NextUInt64() ^ (ulong)(uint)group;
        mixer = new SplitMix64(a);
        ulong b = mixer.NextUInt64() ^ (ulong)(uint)item;
        return new SplitMix64(new SplitMix64(b).NextUInt64());
    }

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1), 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double NextDouble(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [0, <paramref name="count"/>).</summary>
    public int NextInt(int count) => (int)(NextDouble() * count);

    /// <summary>A uniformly distributed unit vector, drawn without trigonometry so results match across platforms.</summary>
    public (double X, double Y) NextDirection()
    {
        while (true)
        {
            double x = NextDouble(-1, 1);
            double y = NextDouble(-1, 1);
            double squaredLength = x * x + y * y;
            if (squaredLength is > 1e-6 and <= 1)
            {
                double length = Math.Sqrt(squaredLength);
                return (x / length, y / length);
            }
        }
    }
}
