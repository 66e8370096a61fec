using System.Diagnostics;
using static TorchSharp.torch;

namespace SplitBrain.Cli.Bench;

/// <summary>
/// A float32 matrix-multiply rate on the CPU through TorchSharp, as the machine's practical peak: n×n times n×n,
/// 2·n³ FLOPs per product, with TorchSharp's current thread count.
/// </summary>
public static class MatmulPeak
{
    /// <summary>The rates of <paramref name="repetitions"/> timed products after two untimed ones.</summary>
    /// <returns>GFLOP/s of each timed product.</returns>
    public static IReadOnlyList<double> Measure(int size = 2048, int repetitions = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        using var scope = NewDisposeScope();
        Tensor left = rand(size, size), right = rand(size, size);
        double flops = 2.0 * size * size * size;
        var rates = new List<double>();
        for (int i = 0; i < repetitions + 2; i++)
        {
            long start = Stopwatch.GetTimestamp();
            using (Tensor product = left.matmul(right))
            {
                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (i >= 2)
                    rates.Add(flops / seconds / 1e9);
            }
        }
        return rates;
    }
}
