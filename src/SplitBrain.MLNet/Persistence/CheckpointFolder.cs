using System.Globalization;

namespace SplitBrain.MLNet.Persistence;

/// <summary>
/// A folder of training checkpoints named <c>{prefix}-epoch{NNNN}-step{NNNNNNN}.sbckpt</c>. Keeps the newest K and
/// deletes older ones after each successful save, so a crash during a save never loses the previous checkpoint.
/// </summary>
internal sealed class CheckpointFolder
{
    private readonly string _folder;
    private readonly string _prefix;
    private readonly int _keep;

    public CheckpointFolder(string folder, string prefix, int keep)
    {
        if (keep < 1)
            throw new ArgumentOutOfRangeException(nameof(keep), keep, "The number of checkpoints to keep must be at least 1.");
        _folder = Path.GetFullPath(folder);
        _prefix = prefix;
        _keep = keep;
    }

    public string Save(TrainingCheckpoint checkpoint)
    {
        string name = string.Create(CultureInfo.InvariantCulture,
            $"{_prefix}-epoch{checkpoint.CompletedEpochs:D4}-step{checkpoint.StepsInEpoch:D7}{TrainingCheckpoint.Extension}");
        string path = Path.Combine(_folder, name);
        checkpoint.Save(path);
        foreach (string old in List().SkipLast(_keep))
            File.Delete(old);
        return path;
    }

    /// <summary>The checkpoint files, oldest first (by epoch, then step, as encoded in the names).</summary>
    public IReadOnlyList<string> List() => !Directory.Exists(_folder)
        ? Array.Empty<string>()
        : Directory.GetFiles(_folder, $"{_prefix}-epoch*-step*{TrainingCheckpoint.Extension}")
            .OrderBy(p => Path.GetFileName(p), StringComparer.Ordinal)
            .ToArray();

    public string? Latest() => List().LastOrDefault();
}
