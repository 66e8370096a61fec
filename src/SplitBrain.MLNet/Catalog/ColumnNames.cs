namespace SplitBrain.MLNet;

/// <summary>The default column names of SplitBrain.MLNet's transforms and trainers.</summary>
public static class ColumnNames
{
    /// <summary>The input image column (an <c>MLImage</c> from LoadImages and ResizeImages).</summary>
    public const string Image = "Image";

    /// <summary>LabQuantize output: the single-channel network input (L/100, or R/255), 1×H×W floats.</summary>
    public const string SingleChannel = "SingleChannel";

    /// <summary>LabQuantize output: the two-channel network input ((a+87)/186, (b+108)/203, or G/255, B/255), 2×H×W floats.</summary>
    public const string PairChannels = "PairChannels";

    /// <summary>LabQuantize output: single-channel classes on the label grid, grid² int32 values, row-major.</summary>
    public const string SingleLabels = "SingleLabels";

    /// <summary>LabQuantize output: joint pair classes (first_bin × bins + second_bin) on the label grid, grid² int32 values.</summary>
    public const string PairLabels = "PairLabels";

    /// <summary>The feature vector added by a pretrained split-brain model.</summary>
    public const string Features = "Features";

    /// <summary>The class label, a key.</summary>
    public const string Label = "Label";

    /// <summary>Class probabilities, as ML.NET's multiclass trainers name them.</summary>
    public const string Score = "Score";

    /// <summary>The predicted class, a key of the label's key type.</summary>
    public const string PredictedLabel = "PredictedLabel";
}
