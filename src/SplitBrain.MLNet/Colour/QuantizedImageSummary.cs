namespace SplitBrain.MLNet.Colour;

/// <summary>
/// Per-image facts that <see cref="LabQuantizer.Quantize(ReadOnlySpan{byte}, int, int, Span{float}, Span{float}, Span{int}, Span{int})"/>
/// computes on the way: raw means over the full-resolution image and the bin ranges the pair label used.
/// </summary>
/// <param name="RawMean0">Mean of L (Lab spaces, 0..100) or R/255 (Rgb) over all pixels.</param>
/// <param name="RawMean1">Mean of a (Lab spaces) or G/255 (Rgb) over all pixels.</param>
/// <param name="RawMean2">Mean of b (Lab spaces) or B/255 (Rgb) over all pixels.</param>
/// <param name="RawMinimum">Smallest raw value over all pixels and all three channels: the low end of the downsample clip.</param>
/// <param name="RawMaximum">Largest raw value over all pixels and all three channels: the high end of the downsample clip.</param>
/// <param name="PairFirstRange">Bin range used for the first pair plane (the image's own under LabRescaled).</param>
/// <param name="PairSecondRange">Bin range used for the second pair plane (the image's own under LabRescaled).</param>
internal readonly record struct QuantizedImageSummary(
    double RawMean0,
    double RawMean1,
    double RawMean2,
    double RawMinimum,
    double RawMaximum,
    BinRange PairFirstRange,
    BinRange PairSecondRange);
