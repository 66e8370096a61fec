using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static SplitBrain.MLNet.Colour.ColourConversion;

namespace SplitBrain.MLNet.Colour;

/// <summary>
/// Converts one row of RGB bytes to CIE-Lab, four pixels at a time with AVX2 where the CPU has it, otherwise (and for
/// the last width mod 4 pixels) with <see cref="ColourConversion.SrgbToLab"/>. Both paths compute the same formulas
/// with the same tables; results agree to about 1e-15 relative (FMA contraction may differ).
/// </summary>
internal static unsafe class LabRowConversion
{
    private const int Lanes = 4;

    /// <summary>Writes L, a and b of the <c>lightness.Length</c> pixels of <paramref name="rgbRow"/>.</summary>
    /// <param name="rgbRow">At least 3 × <c>lightness.Length</c> bytes R, G, B.</param>
    /// <param name="lightness">Receives L, 0..100.</param>
    /// <param name="a">Receives a; same length as <paramref name="lightness"/>.</param>
    /// <param name="b">Receives b; same length as <paramref name="lightness"/>.</param>
    public static void Convert(ReadOnlySpan<byte> rgbRow, Span<double> lightness, Span<double> a, Span<double> b)
    {
        int width = lightness.Length;
        if (rgbRow.Length < 3 * width || a.Length != width || b.Length != width)
            throw new ArgumentException($"Row buffers disagree: {rgbRow.Length} bytes for {width}, {a.Length}, {b.Length} pixels.");

        int x = 0;
        if (Avx2.IsSupported && width >= Lanes)
        {
            fixed (byte* pixels = rgbRow)
            fixed (double* linear = LinearFromByte, table = InverseCubeRootTable)
            fixed (double* lightnessOut = lightness, aOut = a, bOut = b)
            {
                for (; x <= width - Lanes; x += Lanes)
                {
                    byte* p = pixels + 3 * x;
                    Vector256<double> red = Avx2.GatherVector256(linear, Vector128.Create(p[0], p[3], p[6], p[9]), 8);
                    Vector256<double> green = Avx2.GatherVector256(linear, Vector128.Create(p[1], p[4], p[7], p[10]), 8);
                    Vector256<double> blue = Avx2.GatherVector256(linear, Vector128.Create(p[2], p[5], p[8], p[11]), 8);

                    Vector256<double> fx = LabF(X0 * red + X1 * green + X2 * blue, table);
                    Vector256<double> fy = LabF(M10 * red + M11 * green + M12 * blue, table);
                    Vector256<double> fz = LabF(Z0 * red + Z1 * green + Z2 * blue, table);

                    Avx.Store(lightnessOut + x, Vector256.Create(116.0) * fy - Vector256.Create(16.0));
                    Avx.Store(aOut + x, Vector256.Create(500.0) * (fx - fy));
                    Avx.Store(bOut + x, Vector256.Create(200.0) * (fy - fz));
                }
            }
        }

        for (; x < width; x++)
            SrgbToLab(rgbRow[3 * x], rgbRow[3 * x + 1], rgbRow[3 * x + 2], out lightness[x], out a[x], out b[x]);
    }

    // f(t) as LabF / FastCubeRoot, four lanes at once. t is clamped into the table's domain before
    // the cube root so every gather stays in bounds; lanes at or below the threshold take the linear branch.
    private static Vector256<double> LabF(Vector256<double> t, double* table)
    {
        Vector256<double> inDomain = Vector256.Min(Vector256.Max(t, Vector256.Create(1.0 / 128)), Vector256.Create(1.99));
        Vector256<long> bits = inDomain.AsInt64();
        Vector256<long> segment = Vector256.ShiftRightLogical(bits, CubeRootFractionBits)
            - Vector256.Create(CubeRootFirstSegment);
        Vector256<double> start = Avx2.GatherVector256(table, segment, 8);
        Vector256<double> end = Avx2.GatherVector256(table + 1, segment, 8);

        // Position inside the segment: the 43 low mantissa bits placed under the exponent of 1.0, minus 1 (exact).
        Vector256<long> mantissa = (bits & Vector256.Create(CubeRootFractionMask)) << (52 - CubeRootFractionBits);
        Vector256<double> fraction = (mantissa | Vector256.Create(0x3FF0000000000000L)).AsDouble() - Vector256<double>.One;

        Vector256<double> r = start + fraction * (end - start);
        Vector256<double> residual = Vector256<double>.One - inDomain * r * r * r;
        r += r * residual * (Vector256.Create(1.0 / 3.0) + residual * Vector256.Create(2.0 / 9.0));
        Vector256<double> cubeRoot = inDomain * r * r;

        Vector256<double> linearBranch = Vector256.Create(LabKappaSlope) * t + Vector256.Create(LabOffset);
        return Vector256.ConditionalSelect(Vector256.GreaterThan(t, Vector256.Create(LabEpsilon)), cubeRoot, linearBranch);
    }
}
