namespace SplitBrain.Cli.Bench;

/// <summary>
/// Wall-clock times of the timed steps of one measurement (warm-up steps excluded) and the rates they give.
/// </summary>
/// <param name="BatchSize">Images per step.</param>
/// <param name="StepSeconds">The time of each timed step, in order.</param>
public sealed record StepTimings(int BatchSize, IReadOnlyList<double> StepSeconds)
{
    /// <summary>Mean step time in seconds.</summary>
    public double MeanSeconds => StepSeconds.Average();

    /// <summary>Images per second from the mean step time (total images over total time).</summary>
    public double ImagesPerSecond => BatchSize / MeanSeconds;

    /// <summary>Images per second of the slowest timed step.</summary>
    public double SlowestImagesPerSecond => BatchSize / StepSeconds.Max();

    /// <summary>Images per second of the fastest timed step.</summary>
    public double FastestImagesPerSecond => BatchSize / StepSeconds.Min();

    /// <summary>Sample standard deviation of the step times over their mean; 0 for a single step.</summary>
    public double RelativeSpread
    {
        get
        {
            if (StepSeconds.Count < 2)
                return 0;
            double mean = MeanSeconds;
            double variance = StepSeconds.Sum(s => (s - mean) * (s - mean)) / (StepSeconds.Count - 1);
            return Math.Sqrt(variance) / mean;
        }
    }
}
