using SplitBrain.MLNet.Colour;
using Xunit;

namespace SplitBrain.MLNet.Tests.Colour;

public sealed class LabToSrgbKnownColourTests
{
    // The inverse of the scikit-image facts in ColourConversionTests: Lab rounded to 6 decimals maps back to its bytes.
    [Theory]
    [MemberData(nameof(ColourConversionTests.KnownColours), MemberType = typeof(ColourConversionTests))]
    public void LabToSrgb_KnownColours_GiveTheirBytes(byte r, byte g, byte b, double lightness, double a, double bValue)
    {
        ColourConversion.LabToSrgb(lightness, a, bValue, out byte red, out byte green, out byte blue);

        Assert.Equal((r, g, b), (red, green, blue));
    }

    [Fact]
    public void LabToSrgb_RedRoundedToTwoDecimals_IsPureRed()
    {
        ColourConversion.LabToSrgb(53.24, 80.09, 67.20, out byte red, out byte green, out byte blue);

        Assert.Equal((255, 0, 0), (red, green, blue));
    }
}
