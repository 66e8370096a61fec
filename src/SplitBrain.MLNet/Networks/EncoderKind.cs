namespace SplitBrain.MLNet;

/// <summary>
/// The convolutional encoder used by both halves of a split-brain network (and by the denoising-autoencoder
/// baseline's encoder where it applies). The numeric values are persisted in saved models: never renumber them.
/// </summary>
/// <remarks>
/// Every encoder maps an N×C×H×W float32 image tensor to N×classes×grid×grid class scores. For 96×96 inputs the
/// label grid is 12×12; each encoder's minimum input size and its behaviour for other sizes (for example native
/// 32×32 images with an 8×8 grid) are listed in docs/networks.md.
/// </remarks>
public enum EncoderKind
{
    /// <summary>Five convolutions (12, 24, 48, 96 channels, then the class scores); about 0.78M parameters for the
    /// pair. The reference project's "simple" encoder; its weights can be imported from PyTorch.</summary>
    Simple = 0,

    /// <summary>A fully convolutional AlexNet (96-256-384-384-256 convolutions, then 4096-4096 "fully connected"
    /// layers as 7×7-dilated and 1×1 convolutions); about 144M parameters for the pair.</summary>
    AlexNet = 1,

    /// <summary>A stride-1 ResNet-18 whose last stage has one channel per class and ends in a ReLU, as in the
    /// reference, so every score is zero or more.</summary>
    ResNet18 = 2,

    /// <summary>The same ResNet-18 without the ReLU after the last block, so scores can be negative.</summary>
    ResNet18NoFinalRelu = 3,

    /// <summary>A GoogLeNet (nine inception blocks) ending in a stride-2 class-score convolution.</summary>
    GoogLeNet = 4,
}
