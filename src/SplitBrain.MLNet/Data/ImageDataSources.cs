using Microsoft.ML;
using Microsoft.ML.Data;
using SplitBrain.MLNet.Data;

namespace SplitBrain.MLNet;

/// <summary>
/// Opens image datasets as ML.NET data views: class-per-subfolder image folders, unlabeled folders, the reference
/// implementation's folder layout, and the CIFAR-10 and STL-10 binary files. Opening lists files and checks
/// binary files (lengths, label bytes); images are decoded only when a cursor reaches them. Column names and
/// error handling come from <see cref="ImageDataSourceOptions"/>; see docs/data-sources.md for the formats.
/// </summary>
public static class ImageDataSources
{
    /// <summary>
    /// A labeled folder: each immediate subfolder of <paramref name="folderPath"/> is a class (classes in ordinal
    /// order of the subfolder names), holding images (jpg, jpeg, png, bmp, gif, webp, any case) at any depth. Rows
    /// come in ordinal order of their relative paths. Throws when the folder is missing, has no subfolder, or a
    /// class subfolder holds no image.
    /// </summary>
    public static ImageDataView LoadImageFolder(MLContext mlContext, string folderPath,
        ImageDataSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var checkedOptions = (options ?? new ImageDataSourceOptions()).Validated(nameof(options));
        return ImageDataView.Create(mlContext, ImageFolderStore.CreateLabeled(folderPath), checkedOptions);
    }

    /// <summary>
    /// An unlabeled folder: every image at any depth below <paramref name="folderPath"/>, in ordinal order of
    /// relative paths, with no label column. Throws when the folder is missing or holds no image.
    /// </summary>
    public static ImageDataView LoadUnlabeledImageFolder(MLContext mlContext, string folderPath,
        ImageDataSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var checkedOptions = (options ?? new ImageDataSourceOptions()).Validated(nameof(options));
        return ImageDataView.Create(mlContext, ImageFolderStore.CreateUnlabeled(folderPath), checkedOptions);
    }

    /// <summary>True when <paramref name="rootPath"/> has the three folders of <see cref="ReferenceLayoutDataViews"/>.</summary>
    public static bool IsReferenceLayout(string rootPath) =>
        ReferenceFolders(rootPath).All(Directory.Exists);

    /// <summary>
    /// The reference layout under <paramref name="rootPath"/>: <c>supervised/train</c>, <c>supervised/val</c> (labeled,
    /// same classes) and <c>unsupervised</c>. Throws naming the folder when one is missing, and naming both folders
    /// and the differing classes when train and val disagree.
    /// </summary>
    public static ReferenceLayoutDataViews LoadReferenceLayout(MLContext mlContext, string rootPath,
        ImageDataSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        string[] folders = ReferenceFolders(rootPath);
        string? missing = folders.FirstOrDefault(f => !Directory.Exists(f));
        if (missing is not null)
        {
            throw new DirectoryNotFoundException(
                $"Folder '{missing}' does not exist; the reference layout under '{Path.GetFullPath(rootPath)}' needs " +
                $"{ReferenceLayoutDataViews.TrainFolder}, {ReferenceLayoutDataViews.ValidationFolder} and " +
                $"{ReferenceLayoutDataViews.UnsupervisedFolder}.");
        }

        ImageDataView train = LoadImageFolder(mlContext, folders[0], options);
        ImageDataView validation = LoadImageFolder(mlContext, folders[1], options);
        if (!train.ClassNames!.SequenceEqual(validation.ClassNames!, StringComparer.Ordinal))
        {
            var onlyTrain = train.ClassNames!.Except(validation.ClassNames!, StringComparer.Ordinal);
            var onlyVal = validation.ClassNames!.Except(train.ClassNames!, StringComparer.Ordinal);
            throw new InvalidDataException(
                $"Validation folder '{validation.Source}' and training folder '{train.Source}' must hold the same class " +
                $"subfolders; only in train: [{string.Join(", ", onlyTrain)}], only in val: [{string.Join(", ", onlyVal)}].");
        }

        return new ReferenceLayoutDataViews(train, validation, LoadUnlabeledImageFolder(mlContext, folders[2], options));
    }

    /// <summary>
    /// CIFAR-10 binary batches in <paramref name="folderPath"/>: <see cref="Cifar10Split.Train"/> reads every
    /// <c>data_batch_*.bin</c> (ordinal name order), <see cref="Cifar10Split.Test"/> reads <c>test_batch.bin</c>.
    /// Images are 32×32; class names come from <c>batches.meta.txt</c> when present, else the standard ten.
    /// </summary>
    public static ImageDataView LoadCifar10Binary(MLContext mlContext, string folderPath, Cifar10Split split,
        ImageDataSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folderPath);
        string folder = Path.GetFullPath(folderPath);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"CIFAR-10 folder '{folder}' does not exist.");

        string[] files = split switch
        {
            Cifar10Split.Train => Directory.GetFiles(folder, "data_batch_*.bin").Order(StringComparer.Ordinal).ToArray(),
            Cifar10Split.Test => new[] { Path.Combine(folder, "test_batch.bin") },
            _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Expected Cifar10Split.Train or Cifar10Split.Test."),
        };
        if (files.Length == 0)
        {
            throw new FileNotFoundException(
                $"CIFAR-10 folder '{folder}' holds no data_batch_*.bin file.", Path.Combine(folder, "data_batch_1.bin"));
        }
        return LoadCifar10Binary(mlContext, files, options);
    }

    /// <summary>
    /// CIFAR-10 binary batch files, read in the order given (records of 1 label byte and 3 planes of 32×32, R, G, B,
    /// row-major). Class names come from <c>batches.meta.txt</c> beside the first file when present. Throws naming
    /// the file when one is missing, empty, not a whole number of 3,073-byte records, or has a label byte above 9.
    /// </summary>
    public static ImageDataView LoadCifar10Binary(MLContext mlContext, IReadOnlyList<string> batchFilePaths,
        ImageDataSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var checkedOptions = (options ?? new ImageDataSourceOptions()).Validated(nameof(options));
        return ImageDataView.Create(mlContext, Cifar10Store.Open(batchFilePaths), checkedOptions);
    }

    /// <summary>
    /// An STL-10 split in <paramref name="folderPath"/> (<c>train_X.bin</c>/<c>train_y.bin</c>,
    /// <c>test_X.bin</c>/<c>test_y.bin</c>, or <c>unlabeled_X.bin</c> without a label column). Images are 96×96.
    /// </summary>
    public static ImageDataView LoadStl10Binary(MLContext mlContext, string folderPath, Stl10Split split,
        ImageDataSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folderPath);
        string folder = Path.GetFullPath(folderPath);
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"STL-10 folder '{folder}' does not exist.");

        string prefix = split switch
        {
            Stl10Split.Train => "train",
            Stl10Split.Test => "test",
            Stl10Split.Unlabeled => "unlabeled",
            _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Expected Train, Test or Unlabeled."),
        };
        string? labels = split == Stl10Split.Unlabeled ? null : Path.Combine(folder, prefix + "_y.bin");
        return LoadStl10Binary(mlContext, Path.Combine(folder, prefix + "_X.bin"), labels, options);
    }

    /// <summary>
    /// An STL-10 image file (<c>*_X.bin</c>: 3 column-major planes of 96×96 per image) and its label file
    /// (<c>*_y.bin</c>: one byte 1..10 per image, meaning classes 0..9), or null for no label column. Class names
    /// come from <c>class_names.txt</c> beside the image file when present, else the standard ten. Throws naming
    /// the file when one is missing, empty, not a whole number of records, or holds a label outside 1..10.
    /// </summary>
    public static ImageDataView LoadStl10Binary(MLContext mlContext, string imagesFilePath, string? labelsFilePath,
        ImageDataSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var checkedOptions = (options ?? new ImageDataSourceOptions()).Validated(nameof(options));
        return ImageDataView.Create(mlContext, Stl10Store.Open(imagesFilePath, labelsFilePath), checkedOptions);
    }

    /// <summary>
    /// Checks that <paramref name="data"/> can train a classifier: it has the key column
    /// <paramref name="labelColumnName"/> over <see cref="uint"/> with at least 2 classes. Throws
    /// <see cref="ArgumentException"/> naming the source, the column and what was found otherwise.
    /// </summary>
    public static void EnsureClassifierDataset(IDataView data,
        string labelColumnName = ImageDataSourceOptions.Defaults.LabelColumnName)
    {
        ArgumentNullException.ThrowIfNull(data);
        string source = data is ImageDataView view ? $"Data from '{view.Source}'" : "The data view";
        DataViewSchema.Column? column = data.Schema.GetColumnOrNull(labelColumnName);
        if (column is null)
        {
            throw new ArgumentException(
                $"{source} has no label column '{labelColumnName}' (it is unlabeled?); a classifier needs one. " +
                $"Columns: {string.Join(", ", data.Schema.Select(c => $"'{c.Name}'"))}.", nameof(data));
        }

        if (column.Value.Type is not KeyDataViewType key || key.RawType != typeof(uint))
        {
            throw new ArgumentException(
                $"{source}: label column '{labelColumnName}' has type {column.Value.Type}; expected a key type over UInt32.",
                nameof(data));
        }

        if (key.Count < 2)
        {
            string names = data is ImageDataView { ClassNames: { } classNames }
                ? $" ({string.Join(", ", classNames.Select(n => $"'{n}'"))})"
                : "";
            throw new ArgumentException(
                $"{source}: label column '{labelColumnName}' has {key.Count} class{names}; a classifier needs at least 2 " +
                "classes (for an image folder, at least 2 class subfolders).", nameof(data));
        }
    }

    private static string[] ReferenceFolders(string rootPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        string root = Path.GetFullPath(rootPath);
        return new[]
        {
            Path.Combine(root, "supervised", "train"),
            Path.Combine(root, "supervised", "val"),
            Path.Combine(root, "unsupervised"),
        };
    }
}
