namespace SplitBrain.Cli.Download;

/// <summary>The data sets that <c>splitbrain download</c> knows.</summary>
internal static class DatasetCatalog
{
    /// <summary>
    /// CIFAR-10, binary version (Krizhevsky, 2009). The URL and MD5 are the ones in the download table of
    /// https://www.cs.toronto.edu/~kriz/cifar.html ("CIFAR-10 binary version (suitable for C programs)", 162 MB,
    /// c32a1d4ab5d03f1284b67883e8d87530); the archive is 170,052,171 bytes.
    /// </summary>
    public static readonly DatasetArchive Cifar10 = new(
        "cifar10", "CIFAR-10", "cifar-10-binary.tar.gz",
        new Uri("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
        new Uri("https://www.cs.toronto.edu/~kriz/cifar.html"),
        "c32a1d4ab5d03f1284b67883e8d87530", "cifar-10-batches-bin");

    /// <summary>
    /// STL-10, binary version (Coates, Lee and Ng, AISTATS 2011). The publisher's page
    /// (https://cs.stanford.edu/~acoates/stl10/) links the archive but prints no checksum; the MD5 is the one
    /// torchvision checks for the same URL (<c>tgz_md5</c> in pytorch/vision torchvision/datasets/stl10.py,
    /// 91f7769df0f17e558f3565bffb0c7dfb), which other loaders repeat. The archive is about 2.5 GB.
    /// </summary>
    public static readonly DatasetArchive Stl10 = new(
        "stl10", "STL-10", "stl10_binary.tar.gz",
        new Uri("http://ai.stanford.edu/~acoates/stl10/stl10_binary.tar.gz"),
        new Uri("https://cs.stanford.edu/~acoates/stl10/"),
        "91f7769df0f17e558f3565bffb0c7dfb", "stl10_binary");

    /// <summary>Every known data set, in the order the help text lists them.</summary>
    public static IReadOnlyList<DatasetArchive> All { get; } = [Cifar10, Stl10];

    /// <summary>The data set with command-line name <paramref name="name"/> (case-insensitive), or null.</summary>
    public static DatasetArchive? Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
}
