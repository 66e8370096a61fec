namespace SplitBrain.MLNet;

/// <summary>Settings of <see cref="ColorizationPreviewer.Create"/>.</summary>
public sealed class ColorizationPreviewOptions
{
    /// <summary>The temperature used by <see cref="ColorizationPreviewer.Create"/> when none is set.</summary>
    public const double DefaultTemperature = 0.38;

    /// <summary>The number of images previewed when none is set.</summary>
    public const int DefaultMaxImages = 8;

    /// <summary>How each cell's predicted class distribution becomes a value. Default: the annealed mean.</summary>
    public ColorDecoding Decoding { get; set; } = ColorDecoding.AnnealedMean;

    /// <summary>
    /// Temperature T of the annealed mean, finite and above 0 (default 0.38, the value Zhang et al. 2016 chose).
    /// 1 averages the bin centres under the predicted distribution; smaller values move towards the mode. Ignored by
    /// <see cref="ColorDecoding.Mode"/>.
    /// </summary>
    public double Temperature { get; set; } = DefaultTemperature;

    /// <summary>Rows of the preview: the first this many rows of the data (fewer if the data is shorter); at least 1.
    /// Default 8.</summary>
    public int MaxImages { get; set; } = DefaultMaxImages;

    /// <summary>Images per forward pass, at least 1 (default 16); only memory use depends on it.</summary>
    public int BatchSize { get; set; } = 16;
}
