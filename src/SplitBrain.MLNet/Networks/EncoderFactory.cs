namespace SplitBrain.MLNet.Networks;

/// <summary>
/// Builds an encoder of a given kind for a given input size and label grid, choosing its layout: the reference
/// layout whenever its score map is at least as large as the grid, otherwise the compact one (see
/// <see cref="EncoderLayout"/>). The layout is a pure function of kind, input size and grid size, so those three
/// values are all a saved model needs to rebuild the same module.
/// </summary>
internal static class EncoderFactory
{
    /// <summary>Creates the encoder.</summary>
    /// <param name="kind">Architecture.</param>
    /// <param name="inputChannels">Channels of the input image, 1 or more.</param>
    /// <param name="classes">Output channels (classes per grid cell), 1 or more.</param>
    /// <param name="inputSize">Side length in pixels of the square images the encoder will see.</param>
    /// <param name="gridSize">Side length of the label grid, 1 or more.</param>
    /// <exception cref="ArgumentException">The input is too small to give a map of the grid's size.</exception>
    public static Encoder Create(EncoderKind kind, int inputChannels, int classes, int inputSize, int gridSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(gridSize, 1);
        EncoderLayout layout = ChooseLayout(kind, inputSize, gridSize);
        return kind switch
        {
            EncoderKind.Simple or EncoderKind.AlexNet =>
                new SequentialEncoder(kind, inputChannels, classes, gridSize, layout),
            EncoderKind.ResNet18 => new ResNet18Encoder(inputChannels, classes, gridSize, finalRelu: true),
            EncoderKind.ResNet18NoFinalRelu => new ResNet18Encoder(inputChannels, classes, gridSize, finalRelu: false),
            EncoderKind.GoogLeNet => new GoogLeNetEncoder(inputChannels, classes, gridSize, layout),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown encoder kind."),
        };
    }

    /// <summary>Side length of <paramref name="kind"/>'s score map, before pooling to the grid.</summary>
    public static int MapSize(EncoderKind kind, EncoderLayout layout, int inputSize) => kind switch
    {
        EncoderKind.Simple or EncoderKind.AlexNet =>
            SequentialEncoder.MapSize(SequentialEncoder.StagesOf(kind), inputSize, layout),
        EncoderKind.ResNet18 or EncoderKind.ResNet18NoFinalRelu => ResNet18Encoder.MapSize(inputSize),
        EncoderKind.GoogLeNet => GoogLeNetEncoder.MapSize(inputSize, layout),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown encoder kind."),
    };

    /// <summary>The layout <see cref="Create"/> uses.</summary>
    /// <exception cref="ArgumentException">Neither layout reaches the grid at this input size.</exception>
    public static EncoderLayout ChooseLayout(EncoderKind kind, int inputSize, int gridSize)
    {
        if (MapSize(kind, EncoderLayout.Reference, inputSize) >= gridSize)
            return EncoderLayout.Reference;
        if (MapSize(kind, EncoderLayout.Compact, inputSize) >= gridSize)
            return EncoderLayout.Compact;
        int smallest = SpatialSize.SmallestInputFor(size => MapSize(kind, EncoderLayout.Compact, size), gridSize);
        throw new ArgumentException(
            $"The {kind} encoder cannot produce a {gridSize}×{gridSize} label grid from {inputSize}×{inputSize} images: " +
            $"its score map would be {Math.Max(0, MapSize(kind, EncoderLayout.Compact, inputSize))}×" +
            $"{Math.Max(0, MapSize(kind, EncoderLayout.Compact, inputSize))}. It needs images of at least " +
            $"{smallest}×{smallest} pixels for that grid.", nameof(inputSize));
    }
}
