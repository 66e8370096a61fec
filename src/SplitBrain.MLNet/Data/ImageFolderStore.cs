namespace SplitBrain.MLNet.Data;

/// <summary>
/// Image files found under a folder. Labeled: each immediate subfolder is a class, classes are the subfolder names
/// in ordinal order, and the images of a class are found recursively inside its subfolder. Unlabeled: every image
/// under the folder, recursively. Either way the rows are ordered by ordinal relative path ('/' separators), and
/// hidden or system files and folders are skipped (as .NET's default enumeration does). Only the paths are kept in
/// memory; each image is decoded when a cursor reaches it.
/// </summary>
internal sealed class ImageFolderStore : ImageRecordStore
{
    /// <summary>The file extensions taken as images, compared case-insensitively.</summary>
    public static readonly IReadOnlyList<string> ImageExtensions = new[] { ".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp" };

    private readonly string[] _paths;
    private readonly int[]? _classIndices;

    private ImageFolderStore(string folder, IReadOnlyList<string>? classNames, string[] paths, int[]? classIndices)
        : base(folder, classNames, imageHeight: 0, imageWidth: 0)
    {
        _paths = paths;
        _classIndices = classIndices;
    }

    public override int Count => _paths.Length;

    public override bool CanFailWhenRead => true;

    public override int GetClassIndex(int record) => _classIndices is null
        ? throw new InvalidOperationException($"'{SourceDescription}' is unlabeled.")
        : _classIndices[record];

    public override string GetRecordPath(int record) => _paths[record];

    public override IImageRecordReader OpenReader() => new FileReader(_paths);

    /// <summary>Lists a folder with one subfolder per class.</summary>
    public static ImageFolderStore CreateLabeled(string folderPath)
    {
        string root = RequireFolder(folderPath);
        string[] classFolders = new DirectoryInfo(root).EnumerateDirectories("*", new EnumerationOptions())
            .Select(d => d.Name)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();
        if (classFolders.Length == 0)
        {
            throw new InvalidDataException(
                $"Image folder '{root}' has no class subfolders; expected one subfolder per class, each holding " +
                $"images ({string.Join(", ", ImageExtensions)}).");
        }

        var rows = new List<(string RelativePath, string FullPath, int ClassIndex)>();
        for (int classIndex = 0; classIndex < classFolders.Length; classIndex++)
        {
            string classFolder = Path.Combine(root, classFolders[classIndex]);
            int before = rows.Count;
            foreach (string file in ListImages(classFolder))
                rows.Add((RelativeKey(root, file), file, classIndex));
            if (rows.Count == before)
            {
                throw new InvalidDataException(
                    $"Class folder '{classFolder}' holds no image files; expected at least one file with extension " +
                    $"{string.Join(", ", ImageExtensions)} (case-insensitive), searched recursively.");
            }
        }

        rows.Sort((a, b) => StringComparer.Ordinal.Compare(a.RelativePath, b.RelativePath));
        return new ImageFolderStore(root, classFolders, rows.Select(r => r.FullPath).ToArray(),
            rows.Select(r => r.ClassIndex).ToArray());
    }

    /// <summary>Lists every image under a folder, without labels.</summary>
    public static ImageFolderStore CreateUnlabeled(string folderPath)
    {
        string root = RequireFolder(folderPath);
        string[] files = ListImages(root)
            .Select(f => (Key: RelativeKey(root, f), Full: f))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => r.Full)
            .ToArray();
        if (files.Length == 0)
        {
            throw new InvalidDataException(
                $"Image folder '{root}' holds no image files; expected at least one file with extension " +
                $"{string.Join(", ", ImageExtensions)} (case-insensitive), searched recursively.");
        }

        return new ImageFolderStore(root, classNames: null, files, classIndices: null);
    }

    private static string RequireFolder(string folderPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folderPath);
        string root = Path.GetFullPath(folderPath);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException(
                File.Exists(root)
                    ? $"Image folder '{root}' is a file; expected a folder of images."
                    : $"Image folder '{root}' does not exist.");
        }

        return root;
    }

    private static IEnumerable<string> ListImages(string folder) =>
        Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true })
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase));

    private static string RelativeKey(string root, string file) =>
        Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');

    private sealed class FileReader : IImageRecordReader
    {
        private readonly string[] _paths;

        public FileReader(string[] paths) => _paths = paths;

        public void Read(int record, BgraPixelBuffer destination) => ImageFileDecoder.Decode(_paths[record], destination);

        public void Dispose()
        {
        }
    }
}
