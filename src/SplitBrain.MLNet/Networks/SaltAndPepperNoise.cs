using TorchSharp;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Networks;

/// <summary>
/// Salt-and-pepper corruption for the denoising-autoencoder baseline: in every image, exactly
/// round(fraction × H × W) pixels, chosen uniformly without replacement, have all their channels set to 0 (pepper)
/// or 1 (salt) with equal odds. The rest of the image is unchanged.
/// </summary>
internal static class SaltAndPepperNoise
{
    /// <summary>Share of pixels corrupted by default: 5%.</summary>
    public const double DefaultPixelFraction = 0.05;

    /// <summary>Returns a corrupted copy of <paramref name="images"/> (N×C×H×W floating point, values in
    /// [0, 1]) on the same device.</summary>
    /// <param name="images">The clean images; not modified.</param>
    /// <param name="generator">A CPU generator: the same seed gives the same corruption on any device.</param>
    /// <param name="pixelFraction">Share of pixels to corrupt, 0 to 1.</param>
    public static Tensor Apply(Tensor images, Generator generator, double pixelFraction = DefaultPixelFraction)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(generator);
        if (images.dim() != 4 || !images.is_floating_point())
        {
            throw new ArgumentException(
                $"Expected N×C×H×W floating-point images; received {images.dtype} of shape " +
                $"[{string.Join(", ", images.shape)}].",
                nameof(images));
        }
        if (pixelFraction is < 0 or > 1 || double.IsNaN(pixelFraction))
            throw new ArgumentOutOfRangeException(nameof(pixelFraction), pixelFraction, "Expected a share from 0 to 1.");

        using var scope = NewDisposeScope();
        long count = images.shape[0], height = images.shape[2], width = images.shape[3];
        long pixels = height * width;
        long corrupted = (long)Math.Round(pixelFraction * pixels, MidpointRounding.AwayFromZero);

        // Random keys per pixel; the `corrupted` smallest keys of each image pick its pixels (CPU, from the generator).
        Tensor order = rand(new long[] { count, pixels }, generator: generator).argsort(1);
        Tensor chosen = order.narrow(1, 0, corrupted);
        Tensor mask = zeros(count, pixels, dtype: ScalarType.Bool)
            .scatter_(1, chosen, ones_like(chosen, dtype: ScalarType.Bool));
        Tensor salt = rand(new long[] { count, pixels }, generator: generator).lt(0.5);

        Tensor maskOnDevice = mask.view(count, 1, height, width).to(images.device);
        Tensor values = salt.view(count, 1, height, width).to(images.dtype).to(images.device);
        return where(maskOnDevice, values, images).MoveToOuterDisposeScope();
    }
}
