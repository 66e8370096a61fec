using TorchSharp;
using static TorchSharp.torch;

namespace SplitBrain.MLNet.Networks;

/// <summary>
/// Batch normalization over the channel dimension of N×C (after a linear layer) or N×C×H×W (after a convolution)
/// inputs, with the same arithmetic, defaults (eps 1e-5, momentum 0.1) and weight names as PyTorch's
/// <c>BatchNorm1d</c>/<c>BatchNorm2d</c>: <c>weight</c>, <c>bias</c>, <c>running_mean</c>, <c>running_var</c> and
/// <c>num_batches_tracked</c>.
/// </summary>
/// <remarks>
/// Why not TorchSharp's own module: in TorchSharp 0.107 its training-mode forward counts batches with
/// <c>num_batches_tracked.add_(1)</c>, which turns both the 1 and the implied alpha into temporary
/// <see cref="Scalar"/> objects and passes only their native handles on. Nothing keeps those objects alive during
/// the native call, so when a garbage collection (started by any other thread, such as the prefetch thread decoding
/// images) runs finalizers at that moment, libtorch reads a freed scalar. We saw this end a pretraining run after a
/// few hundred steps with "For integral input tensors, argument alpha must not be a floating point number". This
/// module passes two scalars that live as long as the process, and takes eps and momentum as plain doubles.
/// </remarks>
internal sealed class BatchNormalization : nn.Module<Tensor, Tensor>
{
    private const double Epsilon = 1e-5, Momentum = 0.1;

    // Process-lifetime scalars: never finalized, so no native call can see them freed.
    private static readonly Scalar One = 1L.ToScalar();

    private readonly long _channels;

    /// <summary>A layer for <paramref name="channels"/> channels: weight 1, bias 0, mean 0, variance 1.</summary>
    public BatchNormalization(long channels) : base(nameof(BatchNormalization))
    {
        if (channels < 1)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "A batch-norm layer needs at least 1 channel.");
        _channels = channels;
        register_parameter("weight", new TorchSharp.Modules.Parameter(ones(channels)));
        register_parameter("bias", new TorchSharp.Modules.Parameter(zeros(channels)));
        register_buffer("running_mean", zeros(channels));
        register_buffer("running_var", ones(channels));
        register_buffer("num_batches_tracked", zeros(Array.Empty<long>(), ScalarType.Int64));
    }

    /// <summary>The learned per-channel scale.</summary>
    public TorchSharp.Modules.Parameter Weight => get_parameter("weight")!;

    /// <summary>The learned per-channel shift.</summary>
    public TorchSharp.Modules.Parameter Bias => get_parameter("bias")!;

    /// <summary>Normalizes <paramref name="input"/> (N×C or N×C×H×W): by batch statistics in training mode, updating
    /// the running statistics; by the running statistics in eval mode.</summary>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() is not (2 or 4) || input.shape[1] != _channels)
            throw new ArgumentException(
                $"Batch normalization over {_channels} channels expects N×{_channels} or N×{_channels}×H×W input; " +
                $"got [{string.Join(", ", input.shape)}].", nameof(input));
        if (training)
            get_buffer("num_batches_tracked")!.add_(One, One);
        return nn.functional.batch_norm(input, get_buffer("running_mean"), get_buffer("running_var"), Weight, Bias,
            training, Momentum, Epsilon);
    }
}
