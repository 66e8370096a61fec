namespace SplitBrain.MLNet;

/// <summary>Where the TorchSharp work runs. Persisted in checkpoints as its numeric value.</summary>
public enum ComputeDevice
{
    /// <summary>The CUDA device with the given id when CUDA is available; otherwise the CPU.</summary>
    Auto = 0,

    /// <summary>The CPU.</summary>
    Cpu = 1,

    /// <summary>A CUDA GPU. Fails when the app's libtorch has no CUDA support or no GPU is visible.</summary>
    Cuda = 2,
}
