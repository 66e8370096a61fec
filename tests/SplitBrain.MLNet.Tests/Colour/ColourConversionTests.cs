using SplitBrain.MLNet.Colour;
using Xunit;

namespace SplitBrain.MLNet.Tests.Colour;

public sealed class ColourConversionTests
{
    // Facts: scikit-image 0.19.3 rgb2lab of these colours, rounded to 6 decimals (from lab_golden.json).
    public static TheoryData<byte, byte, byte, double, double, double> KnownColours => new()
    {
        { 0, 0, 0, 0.0, 0.0, 0.0 },
        { 255, 0, 0, 53.240588, 80.092308, 67.202751 },
        { 0, 255, 0, 87.735099, -86.18303, 83.179703 },
        { 0, 0, 255, 32.295673, 79.185591, -107.8573 },
        { 255, 0, 255, 60.323507, 98.233054, -60.821015 },
        { 255, 255, 0, 97.139507, -21.554681, 94.478122 },
        { 255, 255, 255, 100.0, -0.002455, 0.004653 },
        { 10, 10, 10, 2.741735, -0.000174, 0.00033 },     // linear branch of the sRGB curve
        { 11, 11, 11, 3.022899, -0.000192, 0.000364 },    // power branch of the sRGB curve
        { 25, 25, 25, 8.757011, -0.000524, 0.000993 },    // near the Lab f(t) switch
        { 128, 128, 128, 53.585013, -0.001473, 0.002791 },
        { 14, 132, 4, 47.756844, -51.623788, 50.376086 },
        { 1, 81, 225, 40.122374, 37.239686, -77.904644 },
    };

    [Theory]
    [MemberData(nameof(KnownColours))]
    public void SrgbToLab_KnownColours_MatchScikitImage(byte r, byte g, byte b, double lightness, double a, double bValue)
    {
        ColourConversion.SrgbToLab(r, g, b, out double gotL, out double gotA, out double gotB);

        Assert.Equal(lightness, gotL, 1e-6);
        Assert.Equal(a, gotA, 1e-6);
        Assert.Equal(bValue, gotB, 1e-6);
    }

    [Fact]
    public void LabToSrgb_RoundTripsEverySampledByteColour()
    {
        for (int r = 0; r < 256; r += 5)
        {
            for (int g = 0; g < 256; g += 5)
            {
                for (int b = 0; b < 256; b += 5)
                {
                    ColourConversion.SrgbToLab((byte)r, (byte)g, (byte)b, out double l, out double av, out double bv);
                    ColourConversion.LabToSrgb(l, av, bv, out byte r2, out byte g2, out byte b2);
                    Assert.True(r2 == r && g2 == g && b2 == b, $"({r},{g},{b}) came back as ({r2},{g2},{b2}).");
                }
            }
        }
    }

    [Theory]
    [InlineData(50.0, 200.0, -200.0)]
    [InlineData(100.0, 127.0, 127.0)]
    [InlineData(0.0, -128.0, 127.0)]
    [InlineData(150.0, 0.0, 0.0)]
    [InlineData(-20.0, 0.0, 0.0)]
    [InlineData(double.NaN, double.NaN, double.NaN)]
    [InlineData(double.PositiveInfinity, double.NegativeInfinity, double.PositiveInfinity)]
    public void LabToSrgb_OutOfGamutOrNonFinite_GivesTheClippedColour(double l, double a, double b)
    {
        ColourConversion.LabToSrgb(l, a, b, out byte red, out byte green, out byte blue);

        // The same as converting the clamped input (L to [0, 100], a and b to [-500, 500], NaN as 0).
        double Clamp(double v, double lo, double hi) => double.IsNaN(v) ? Math.Clamp(0.0, lo, hi) : Math.Clamp(v, lo, hi);
        ColourConversion.LabToSrgb(Clamp(l, 0, 100), Clamp(a, -500, 500), Clamp(b, -500, 500), out byte r2, out byte g2, out byte b2);
        Assert.Equal((r2, g2, b2), (red, green, blue));
    }

    [Fact]
    public void LabToSrgb_StrongRedBeyondGamut_SaturatesRedAndZeroesTheOthers()
    {
        ColourConversion.LabToSrgb(54.0, 120.0, 100.0, out byte red, out byte green, out byte blue);

        Assert.Equal(255, red);
        Assert.Equal(0, green);
        Assert.Equal(0, blue);
    }

    [Fact]
    public void LabToSrgb_WhiteAndBlack_AreExact()
    {
        ColourConversion.LabToSrgb(100.0, 0.0, 0.0, out byte r, out byte g, out byte b);
        Assert.Equal((255, 255, 255), (r, g, b));
        ColourConversion.LabToSrgb(0.0, 0.0, 0.0, out r, out g, out b);
        Assert.Equal((0, 0, 0), (r, g, b));
    }

    [Fact]
    public void FastCubeRoot_OverTheLabDomain_MatchesMathCbrt()
    {
        var random = new Random(7);
        for (int i = 0; i < 200_000; i++)
        {
            double t = 0.008856 + 1.1 * random.NextDouble();
            Assert.Equal(1.0, ColourConversion.FastCubeRoot(t) / Math.Cbrt(t), 1e-14);
        }

        Assert.Equal(Math.Cbrt(5.0), ColourConversion.FastCubeRoot(5.0));     // outside the table: Math.Cbrt
        Assert.Equal(1.0, ColourConversion.FastCubeRoot(1.0), 1e-15);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(96)]
    public void LabRowConversion_AnyWidth_MatchesPerPixelConversion(int width)
    {
        byte[] rgb = LabQuantizerTests.RandomImage(1, width, seed: width);
        rgb[0] = 0;     // black and a near-threshold grey exercise the linear branch of f(t)
        if (width > 4)
            rgb[3] = rgb[4] = rgb[5] = 25;
        double[] l = new double[width], a = new double[width], b = new double[width];

        LabRowConversion.Convert(rgb, l, a, b);

        for (int x = 0; x < width; x++)
        {
            ColourConversion.SrgbToLab(rgb[3 * x], rgb[3 * x + 1], rgb[3 * x + 2], out double el, out double ea, out double eb);
            Assert.Equal(el, l[x], 1e-12);
            Assert.Equal(ea, a[x], 1e-12);
            Assert.Equal(eb, b[x], 1e-12);
        }
    }
}
