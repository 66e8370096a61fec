namespace SplitBrain.MLNet;

/// <summary>
/// Draws exactly N labeled rows per class from an <see cref="ImageDataView"/>, and disjoint train / validation /
/// held-out splits with exact per-class counts. (The 2019 reference drew 1000×N rows over all classes, which
/// gives about, not exactly, N per class; this sampler gives exactly N.)
/// </summary>
/// <remarks>
/// Each class is drawn with its own generator seeded from the seed and the class index, by a partial Fisher–Yates
/// shuffle of the class's rows: the draw of one class does not depend on the others, and with the same seed a
/// larger N extends a smaller one's training rows. Output rows keep the source's stored order. With
/// <see cref="ImageDataSourceOptions.SkipUnreadableFiles"/> on, counts are of listed files: a drawn file that fails
/// to decode is skipped by the cursor, leaving its class one row short.
/// </remarks>
public static class StratifiedSampler
{
    /// <summary>
    /// Exactly <paramref name="rowsPerClass"/> rows of every class, chosen by <paramref name="seed"/>. Throws
    /// <see cref="ArgumentException"/> naming the class and both counts when a class has fewer rows.
    /// </summary>
    public static ImageDataView SamplePerClass(ImageDataView data, int rowsPerClass, int seed) =>
        Split(data, new StratifiedSplitOptions { TrainRowsPerClass = rowsPerClass, Seed = seed }).Train;

    /// <summary>
    /// Every row except the last <paramref name="heldOutRowsPerClass"/> of each class (in stored order): the pool that
    /// pretraining and sampling may use when those last rows are kept back for evaluation.
    /// </summary>
    public static ImageDataView ExcludeHeldOut(ImageDataView data, int heldOutRowsPerClass)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (heldOutRowsPerClass < 0)
            throw new ArgumentOutOfRangeException(nameof(heldOutRowsPerClass), heldOutRowsPerClass, "Expected 0 or more rows per class.");
        IReadOnlyList<string> classNames = data.ClassNames ?? throw new ArgumentException(
            $"Data from '{data.Source}' is unlabeled; holding out rows per class needs a label column.", nameof(data));
        var kept = new List<long>();
        foreach (List<long> rows in GroupRowsByClass(data, classNames.Count))
            kept.AddRange(rows.Take(Math.Max(0, rows.Count - heldOutRowsPerClass)));
        return SortedSubset(data, kept);
    }

    /// <summary>Only the last <paramref name="heldOutRowsPerClass"/> rows of each class (in stored order).</summary>
    public static ImageDataView HeldOut(ImageDataView data, int heldOutRowsPerClass)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (heldOutRowsPerClass < 1)
            throw new ArgumentOutOfRangeException(nameof(heldOutRowsPerClass), heldOutRowsPerClass, "Expected at least 1 row per class.");
        IReadOnlyList<string> classNames = data.ClassNames ?? throw new ArgumentException(
            $"Data from '{data.Source}' is unlabeled; a held-out set per class needs a label column.", nameof(data));
        var kept = new List<long>();
        foreach (List<long> rows in GroupRowsByClass(data, classNames.Count))
            kept.AddRange(rows.Skip(Math.Max(0, rows.Count - heldOutRowsPerClass)));
        return SortedSubset(data, kept);
    }

    /// <summary>
    /// Holds out the last <see cref="StratifiedSplitOptions.HeldOutRowsPerClass"/> rows of each class, then draws
    /// <see cref="StratifiedSplitOptions.TrainRowsPerClass"/> training and
    /// <see cref="StratifiedSplitOptions.ValidationRowsPerClass"/> validation rows per class from the rest; the three
    /// views are disjoint. Throws <see cref="ArgumentException"/> naming the class and both counts when a class has
    /// fewer rows than the three counts add up to.
    /// </summary>
    public static StratifiedSplit Split(ImageDataView data, StratifiedSplitOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        int train = options.TrainRowsPerClass, validation = options.ValidationRowsPerClass, heldOut = options.HeldOutRowsPerClass;
        if (train < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), train,
                $"TrainRowsPerClass must be at least 1; received {train}.");
        }
        if (validation < 0 || heldOut < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options),
                $"ValidationRowsPerClass and HeldOutRowsPerClass must be 0 or more; received {validation} and {heldOut}.");
        }

        IReadOnlyList<string> classNames = data.ClassNames ?? throw new ArgumentException(
            $"Data from '{data.Source}' is unlabeled; a stratified sample needs a label column.", nameof(data));
        List<long>[] rowsOfClass = GroupRowsByClass(data, classNames.Count);

        var trainRows = new List<long>();
        var validationRows = new List<long>();
        var heldOutRows = new List<long>();
        int needed = train + validation + heldOut;
        for (int c = 0; c < classNames.Count; c++)
        {
            List<long> rows = rowsOfClass[c];
            if (rows.Count < needed)
            {
                throw new ArgumentException(
                    $"Class '{classNames[c]}' of data from '{data.Source}' has {rows.Count} rows; {needed} were requested " +
                    $"({train} train + {validation} validation + {heldOut} held out per class).", nameof(options));
            }

            int drawable = rows.Count - heldOut;
            heldOutRows.AddRange(rows.Skip(drawable));
            long[] candidates = rows.Take(drawable).ToArray();
            var random = new Random(unchecked(options.Seed * 1_000_003 + c));
            for (int i = 0; i < train + validation; i++)
            {
                int j = random.Next(i, candidates.Length);
                (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
            }

            trainRows.AddRange(candidates.Take(train));
            validationRows.AddRange(candidates.Skip(train).Take(validation));
        }

        return new StratifiedSplit(
            SortedSubset(data, trainRows), SortedSubset(data, validationRows), SortedSubset(data, heldOutRows));
    }

    private static List<long>[] GroupRowsByClass(ImageDataView data, int classCount)
    {
        var rowsOfClass = new List<long>[classCount];
        for (int c = 0; c < classCount; c++)
            rowsOfClass[c] = new List<long>();
        for (long row = 0; row < data.ListedRowCount; row++)
            rowsOfClass[data.GetClassIndex(row)].Add(row);
        return rowsOfClass;
    }

    private static ImageDataView SortedSubset(ImageDataView data, List<long> rows)
    {
        rows.Sort();
        return data.Subset(rows);
    }
}
