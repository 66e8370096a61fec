namespace SplitBrain.MLNet;

/// <summary>Which files of a CIFAR-10 binary folder to read.</summary>
public enum Cifar10Split
{
    /// <summary>The five training batches, <c>data_batch_*.bin</c> in ordinal name order: 50,000 images.</summary>
    Train,

    /// <summary>The test batch, <c>test_batch.bin</c>: 10,000 images.</summary>
    Test,
}
