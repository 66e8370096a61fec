using static TorchSharp.torch;

namespace SplitBrain.MLNet.Training;

/// <summary>
/// Top-1 and top-k hits where ties never count as hits: a row is a top-k hit when fewer than k other classes score
/// at least as high as the true class. A model that gives every class the same score therefore scores 0.
/// </summary>
internal static class TopKAccuracy
{
    /// <summary>Counts hits in a batch. <paramref name="scores"/> is N×C, <paramref name="labels"/> N class indices.</summary>
    public static (long Top1, long TopK) CountHits(Tensor scores, Tensor labels, int k)
    {
        using var scope = NewDisposeScope();
        Tensor trueScores = scores.gather(1, labels.view(-1, 1));
        // Classes other than the true one that score at least as high: ties count against the row.
        Tensor atLeast = scores.ge(trueScores).sum(1, type: ScalarType.Int64) - 1;
        long top1 = atLeast.lt(1).sum().item<long>();
        long topK = atLeast.lt(k).sum().item<long>();
        return (top1, topK);
    }
}
