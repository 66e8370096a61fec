namespace SplitBrain.MLNet;

/// <summary>
/// Column names and error handling shared by every image data source in <see cref="ImageDataSources"/>.
/// </summary>
public sealed class ImageDataSourceOptions
{
    /// <summary>Default values of <see cref="ImageDataSourceOptions"/>.</summary>
    public static class Defaults
    {
        /// <summary>Name of the image column: an <c>ImageDataViewType</c> column holding <c>MLImage</c> values.</summary>
        public const string ImageColumnName = "Image";

        /// <summary>Name of the label column: a key column over <see cref="uint"/>, one key per class.</summary>
        public const string LabelColumnName = "Label";

        /// <summary>Name of the text column that says where each image came from.</summary>
        public const string ImagePathColumnName = "ImagePath";

        /// <summary>By default an unreadable image file stops the pass with an exception naming the file.</summary>
        public const bool SkipUnreadableFiles = false;
    }

    /// <summary>
    /// Name of the output image column. Its values are <c>MLImage</c> objects decoded when a cursor reaches the
    /// row, 8-bit BGRA (<c>MLPixelFormat.Bgra32</c>), at the size stored in the file.
    /// </summary>
    public string ImageColumnName { get; set; } = Defaults.ImageColumnName;

    /// <summary>
    /// Name of the output label column (labeled sources only). Raw key values run from 1 to the class count
    /// (ML.NET keys are 1-based, 0 means missing); the class names are attached as key-value annotations.
    /// </summary>
    public string LabelColumnName { get; set; } = Defaults.LabelColumnName;

    /// <summary>
    /// Name of the output text column holding the full path of each image file, or <c>"&lt;file&gt;#&lt;record&gt;"</c>
    /// (0-based record index) for binary sets. Null leaves the column out.
    /// </summary>
    public string? ImagePathColumnName { get; set; } = Defaults.ImagePathColumnName;

    /// <summary>
    /// For image folders only: when true, a file that is missing, empty, truncated or not an image is skipped
    /// instead of throwing, every cursor that meets new unreadable files logs one warning with their count, and
    /// <see cref="ImageDataView.UnreadableFileCount"/> counts them. While skipping is on,
    /// <see cref="ImageDataView.GetRowCount"/> returns null, because the number of readable rows is unknown before a
    /// pass. Binary sets (CIFAR-10, STL-10) are checked when they are opened, so this option does not apply to them.
    /// </summary>
    public bool SkipUnreadableFiles { get; set; } = Defaults.SkipUnreadableFiles;

    /// <summary>
    /// Called with the text of each warning (the same text that goes to the <c>MLContext</c> log), or null.
    /// </summary>
    public Action<string>? WarningCallback { get; set; }

    internal ImageDataSourceOptions Validated(string parameterName)
    {
        RequireName(ImageColumnName, nameof(ImageColumnName), parameterName);
        RequireName(LabelColumnName, nameof(LabelColumnName), parameterName);
        if (ImagePathColumnName is not null)
            RequireName(ImagePathColumnName, nameof(ImagePathColumnName), parameterName);

        string?[] names = { ImageColumnName, LabelColumnName, ImagePathColumnName };
        int distinct = names.Where(n => n is not null).Distinct(StringComparer.Ordinal).Count();
        if (distinct != names.Count(n => n is not null))
        {
            throw new ArgumentException(
                $"The column names must differ; received {nameof(ImageColumnName)}='{ImageColumnName}', " +
                $"{nameof(LabelColumnName)}='{LabelColumnName}', {nameof(ImagePathColumnName)}='{ImagePathColumnName}'.",
                parameterName);
        }

        return new ImageDataSourceOptions
        {
            ImageColumnName = ImageColumnName,
            LabelColumnName = LabelColumnName,
            ImagePathColumnName = ImagePathColumnName,
            SkipUnreadableFiles = SkipUnreadableFiles,
            WarningCallback = WarningCallback,
        };
    }

    private static void RequireName(string? value, string optionName, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException(
                $"{optionName} must be a non-empty column name; received '{value ?? "null"}'.", parameterName);
        }
    }
}
