namespace SplitBrain.MLNet.Networks;

/// <summary>
/// The two spatial layouts an encoder can be built in. The layout only changes paddings and pooling strides, never
/// a weight shape, so weights move freely between layouts.
/// </summary>
internal enum EncoderLayout
{
    /// <summary>Exactly the reference architecture (used whenever it yields a map at least as large as the grid,
    /// which includes 96×96 inputs with a 12×12 grid).</summary>
    Reference = 0,

    /// <summary>For inputs too small for the reference layout (such as native 32×32 images with an 8×8 grid):
    /// Simple pads its 5×5 convolutions by 2, AlexNet's two stride-2 max pools become stride 1, and GoogLeNet's
    /// stride-2 max pool becomes stride 1. ResNet-18 needs no compact layout.</summary>
    Compact = 1,
}
