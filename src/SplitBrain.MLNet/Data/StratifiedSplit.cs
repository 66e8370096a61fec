namespace SplitBrain.MLNet;

/// <summary>
/// Three disjoint views made by <see cref="StratifiedSampler.Split"/>, each holding an exact number of rows per
/// class, in the stored order of the source. All three keep the source's schema and label key type.
/// </summary>
public sealed class StratifiedSplit
{
    internal StratifiedSplit(ImageDataView train, ImageDataView validation, ImageDataView heldOut)
    {
        Train = train;
        Validation = validation;
        HeldOut = heldOut;
    }

    /// <summary><see cref="StratifiedSplitOptions.TrainRowsPerClass"/> rows of each class, drawn by seed.</summary>
    public ImageDataView Train { get; }

    /// <summary>
    /// <see cref="StratifiedSplitOptions.ValidationRowsPerClass"/> rows of each class, drawn by seed (may be empty).
    /// </summary>
    public ImageDataView Validation { get; }

    /// <summary>The last <see cref="StratifiedSplitOptions.HeldOutRowsPerClass"/> rows of each class (may be empty).</summary>
    public ImageDataView HeldOut { get; }
}
