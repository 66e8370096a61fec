namespace SplitBrain.MLNet;

/// <summary>
/// The default settings of the split-brain colour quantization, as used by the 2019 PyTorch reference
/// (96×96 training images, labels on a 12×12 grid). All ranges are in raw units: CIE-Lab units for
/// <see cref="ColorSpace.Lab"/> and <see cref="ColorSpace.LabRescaled"/>, RGB/255 for <see cref="ColorSpace.Rgb"/>.
/// </summary>
public static class LabQuantizerDefaults
{
    /// <summary>Colour space used when none is given.</summary>
    public const ColorSpace Space = ColorSpace.Lab;

    /// <summary>Side of the square label grid, in cells (labels are <c>GridSize × GridSize</c>).</summary>
    public const int GridSize = 12;

    /// <summary>Number of classes of the single-plane label (L, or R for <see cref="ColorSpace.Rgb"/>).</summary>
    public const int SingleBins = 100;

    /// <summary>Bins per axis of the pair label; the joint class is <c>firstBin * PairBins + secondBin</c>.</summary>
    public const int PairBins = 10;

    /// <summary>Lower end of the L bin range, in Lab L units.</summary>
    public const double LightnessLow = 0.0;

    /// <summary>Upper end (exclusive) of the L bin range, in Lab L units.</summary>
    public const double LightnessHigh = 101.0;

    /// <summary>Lower end of the a bin range; the sRGB gamut reaches a = -86.18 at (0, 255, 0).</summary>
    public const double ALow = -87.0;

    /// <summary>Upper end of the a bin range; the sRGB gamut reaches a = 98.23 at (255, 0, 255).</summary>
    public const double AHigh = 99.0;

    /// <summary>Lower end of the b bin range; the sRGB gamut reaches b = -107.86 at (0, 0, 255).</summary>
    public const double BLow = -108.0;

    /// <summary>Upper end of the b bin range; the sRGB gamut reaches b = 94.48 at (255, 255, 0).</summary>
    public const double BHigh = 95.0;

    /// <summary>Lower end of the R, G and B bin ranges, in RGB/255 units.</summary>
    public const double RgbLow = 0.0;

    /// <summary>Upper end of the R, G and B bin ranges, in RGB/255 units (above 1 so that 255 is not on the last edge).</summary>
    public const double RgbHigh = 1.01;

    /// <summary>
    /// Added to the maximum of a downsampled a or b plane to get the upper end of its bin range under
    /// <see cref="ColorSpace.LabRescaled"/>, in Lab units.
    /// </summary>
    public const double RescaledRangeMargin = 1.0;
}
