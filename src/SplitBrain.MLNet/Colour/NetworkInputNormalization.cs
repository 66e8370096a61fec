namespace SplitBrain.MLNet.Colour;

/// <summary>
/// The fixed affine maps from raw values to network inputs (about 0..1), as in the 2019 reference:
/// L / 100, (a + 87) / 186, (b + 108) / 203 for both Lab spaces, and RGB / 255 for Rgb. They do not follow the bin
/// ranges, which only shape the labels.
/// </summary>
internal static class NetworkInputNormalization
{
    /// <summary>Divisor of L.</summary>
    public const double LightnessScale = 100.0;

    /// <summary>Added to a before dividing by <see cref="AScale"/>.</summary>
    public const double AOffset = 87.0;

    /// <summary>Divisor of a + <see cref="AOffset"/>.</summary>
    public const double AScale = 186.0;

    /// <summary>Added to b before dividing by <see cref="BScale"/>.</summary>
    public const double BOffset = 108.0;

    /// <summary>Divisor of b + <see cref="BOffset"/>.</summary>
    public const double BScale = 203.0;

    /// <summary>Raw L from its network input.</summary>
    public static double LightnessFromInput(double input) => input * LightnessScale;

    /// <summary>Raw a from its network input.</summary>
    public static double AFromInput(double input) => input * AScale - AOffset;

    /// <summary>Raw b from its network input.</summary>
    public static double BFromInput(double input) => input * BScale - BOffset;
}
