namespace SplitBrain.Cli.Synthetic;

/// <summary>What <see cref="SyntheticImageSet.Generate"/> wrote.</summary>
/// <param name="Folder">The full path of the set's root folder.</param>
/// <param name="ClassNames">The class subfolder names, in class-index order (these are the labels).</param>
/// <param name="ImagesPerClass">PNG files in each class folder.</param>
/// <param name="Size">Width and height of every image, in pixels.</param>
/// <param name="Seed">The seed the set was drawn with.</param>
public sealed record SyntheticImageSetInfo(
    string Folder, IReadOnlyList<string> ClassNames, int ImagesPerClass, int Size, int Seed)
{
    /// <summary>All images in the set.</summary>
    public int ImageCount => ClassNames.Count * ImagesPerClass;
}
