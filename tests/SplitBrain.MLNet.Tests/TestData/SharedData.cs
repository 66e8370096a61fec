using Xunit;

namespace SplitBrain.MLNet.Tests.TestData;

/// <summary>
/// Finds the read-only reference data that sits beside the repository in <c>../shared</c>.
/// Unit tests never need it. Real-data tests call <see cref="Require"/>: on a developer machine without
/// the data they return early and count as passed, without checking anything; under CI (<c>CI=true</c>) missing
/// data is a failure, so a green CI run always means the real-data tests ran.
/// </summary>
public static class SharedData
{
    /// <summary>The repository root: the nearest folder above the test binaries holding SplitBrain.MLNet.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>True when the run is a CI run (environment variable CI=true).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Full path of <paramref name="relativePath"/> under ../shared, or null when it does not exist.</summary>
    public static string? Find(string relativePath)
    {
        string path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", relativePath));
        return File.Exists(path) || Directory.Exists(path) ? path : null;
    }

    /// <summary>
    /// Full path of <paramref name="relativePath"/> under ../shared. When it is missing: fails the test under CI,
    /// otherwise returns null, and the caller returns early.
    /// </summary>
    public static string? Require(string relativePath)
    {
        string? path = Find(relativePath);
        if (path is null && IsCi)
            Assert.Fail($"CI=true but the reference data '../shared/{relativePath}' is missing (looked beside {RepositoryRoot}).");
        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SplitBrain.MLNet.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No SplitBrain.MLNet.sln above {AppContext.BaseDirectory}.");
    }
}
