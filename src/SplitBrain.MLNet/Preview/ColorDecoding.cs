namespace SplitBrain.MLNet;

/// <summary>How a predicted class distribution on the label grid becomes one value per cell in a colorization preview.</summary>
/// <remarks>The numeric values are stable: never renumber or reuse a value.</remarks>
public enum ColorDecoding
{
    /// <summary>
    /// The annealed mean of Zhang, Isola and Efros (2016, https://arxiv.org/abs/1603.08511): the distribution is
    /// sharpened to q ∝ exp(log p / T), then the bin centres are averaged under q. T = 1 gives the plain expectation
    /// (smooth but desaturated colours); T → 0 approaches the mode (vivid but patchy).
    /// </summary>
    AnnealedMean = 0,

    /// <summary>The centre of the most likely bin (ties go to the lowest class index).</summary>
    Mode = 1,
}
