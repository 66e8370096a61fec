namespace SplitBrain.MLNet;

/// <summary>
/// How an RGB image is split into the two halves a split-brain autoencoder sees, and how each half is binned
/// into class labels.
/// </summary>
/// <remarks>
/// The numeric values are persisted in saved model files: never renumber or reuse a value.
/// Every space splits the image into a single plane (1 channel) and a pair of planes (2 channels).
/// </remarks>
public enum ColorSpace
{
    /// <summary>
    /// CIE-Lab (sRGB primaries, D65 white, 2° observer). Single plane: L in [0, 100]. Pair planes: a and b.
    /// Labels bin L on [0, 101] and a, b on the fixed ranges [-87, 99] and [-108, 95], which cover every sRGB colour.
    /// </summary>
    Lab = 0,

    /// <summary>
    /// As <see cref="Lab"/>, but the a and b labels are binned between that image's own minimum and maximum + 1
    /// of the downsampled a and b planes (the reference implementation calls this "lab_distort").
    /// Network inputs are normalised exactly as for <see cref="Lab"/>.
    /// </summary>
    LabRescaled = 1,

    /// <summary>Plain sRGB divided by 255. Single plane: R. Pair planes: G and B. Labels bin all three on [0, 1.01].</summary>
    Rgb = 2,
}
