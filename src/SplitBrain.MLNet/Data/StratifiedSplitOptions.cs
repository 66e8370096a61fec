namespace SplitBrain.MLNet;

/// <summary>Per-class row counts and seed of <see cref="StratifiedSampler.Split"/>.</summary>
public sealed class StratifiedSplitOptions
{
    /// <summary>Training rows drawn from each class, at least 1.</summary>
    public int TrainRowsPerClass { get; set; }

    /// <summary>Validation rows drawn from each class (disjoint from training), 0 or more.</summary>
    public int ValidationRowsPerClass { get; set; }

    /// <summary>
    /// Rows of each class held out before drawing, 0 or more: the last ones in stored order (for an image folder,
    /// the last files of the class by ordinal relative path; for a binary set, the last records).
    /// </summary>
    public int HeldOutRowsPerClass { get; set; }

    /// <summary>Seed of the draw: equal seeds on the same data give the same rows.</summary>
    public int Seed { get; set; }
}
