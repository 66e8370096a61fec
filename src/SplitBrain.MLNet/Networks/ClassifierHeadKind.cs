namespace SplitBrain.MLNet;

/// <summary>
/// The classifier put on top of frozen (or fine-tuned) split-brain features. The numeric values are persisted in
/// saved models: never renumber them.
/// </summary>
public enum ClassifierHeadKind
{
    /// <summary>One linear layer from the feature vector to the class scores.</summary>
    Linear = 0,

    /// <summary>Linear layer to 1000 units, BatchNorm1d, ReLU, then a linear layer to the class scores.</summary>
    Mlp = 1,
}
