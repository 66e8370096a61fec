namespace SplitBrain.MLNet;

/// <summary>
/// The three views of the reference implementation's folder layout: <c>ROOT/supervised/train</c> and
/// <c>ROOT/supervised/val</c> (one subfolder per class, the same classes in both) and <c>ROOT/unsupervised</c>
/// (images anywhere below it, no labels).
/// </summary>
public sealed class ReferenceLayoutDataViews
{
    /// <summary>Relative path of the labeled training folder.</summary>
    public const string TrainFolder = "supervised/train";

    /// <summary>Relative path of the labeled validation folder.</summary>
    public const string ValidationFolder = "supervised/val";

    /// <summary>Relative path of the unlabeled pretraining folder.</summary>
    public const string UnsupervisedFolder = "unsupervised";

    internal ReferenceLayoutDataViews(ImageDataView train, ImageDataView validation, ImageDataView unsupervised)
    {
        Train = train;
        Validation = validation;
        Unsupervised = unsupervised;
    }

    /// <summary>Labeled training images from <c>supervised/train</c>.</summary>
    public ImageDataView Train { get; }

    /// <summary>Labeled validation images from <c>supervised/val</c>, with the same class list as <see cref="Train"/>.</summary>
    public ImageDataView Validation { get; }

    /// <summary>Unlabeled images from <c>unsupervised</c>, for pretraining.</summary>
    public ImageDataView Unsupervised { get; }
}
