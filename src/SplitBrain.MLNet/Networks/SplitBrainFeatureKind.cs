namespace SplitBrain.MLNet;

/// <summary>
/// Which activations of a pretrained split-brain network form the feature vector handed to a classifier head.
/// The numeric values are persisted in saved models: never renumber them.
/// </summary>
public enum SplitBrainFeatureKind
{
    /// <summary>Both nets' class-score maps, concatenated along channels and flattened:
    /// (pairBins² + singleBins) × grid² values per image (28,800 at 100 + 100 classes on a 12×12 grid), as the
    /// reference project fed its classifier.</summary>
    ScoreMaps = 0,

    /// <summary>The global average over the grid of each encoder's last hidden stage (the input of its
    /// class-score layer), the two nets concatenated: for example 96 + 96 = 192 values for the Simple encoder.</summary>
    PooledHidden = 1,
}
