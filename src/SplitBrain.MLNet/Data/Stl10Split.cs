namespace SplitBrain.MLNet;

/// <summary>Which files of an STL-10 binary folder to read.</summary>
public enum Stl10Split
{
    /// <summary><c>train_X.bin</c> with <c>train_y.bin</c>: 5,000 labeled images.</summary>
    Train,

    /// <summary><c>test_X.bin</c> with <c>test_y.bin</c>: 8,000 labeled images.</summary>
    Test,

    /// <summary><c>unlabeled_X.bin</c>: 100,000 images (2.76 GB), no label column.</summary>
    Unlabeled,
}
