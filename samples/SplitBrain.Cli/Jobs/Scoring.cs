using Microsoft.ML;
using Microsoft.ML.Data;
using SplitBrain.Cli.Infrastructure;

namespace SplitBrain.Cli.Jobs;

/// <summary>Accuracy of a model on labeled images, matching classes by name (so another folder with the same class
/// names can be evaluated), with ties never counting as hits.</summary>
internal sealed record EvaluationResult(double Top1, double Top5, double MacroAccuracy, long Count, string[] ClassNames, int[,] Confusion);

internal static class Scoring
{
    /// <summary>The class names a model's Score column carries as slot names.</summary>
    public static string[] ModelClasses(DataViewSchema scoredSchema, string scoreColumn = "Score")
    {
        var column = scoredSchema.GetColumnOrNull(scoreColumn)
            ?? throw new UserInputException($"The model has no '{scoreColumn}' column; is it a classifier?");
        VBuffer<ReadOnlyMemory<char>> names = default;
        if (column.Annotations.Schema.GetColumnOrNull("SlotNames") is null)
            throw new UserInputException($"The model's '{scoreColumn}' column has no class names.");
        column.GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    public static EvaluationResult Evaluate(ITransformer model, IDataView data, IReadOnlyList<string> dataClasses, int k = 5)
    {
        IDataView scored = model.Transform(data);
        string[] modelClasses = ModelClasses(scored.Schema);
        int[] toModel = dataClasses.Select(name =>
        {
            int index = Array.IndexOf(modelClasses, name);
            if (index < 0)
                throw new UserInputException($"Class '{name}' of the data is not one of the model's classes ({string.Join(", ", modelClasses)}).");
            return index;
        }).ToArray();

        int classes = modelClasses.Length;
        var confusion = new int[classes, classes];
        var perClassRows = new long[classes];
        var perClassHits = new long[classes];
        long count = 0, top1 = 0, topK = 0;
        using var cursor = scored.GetRowCursor(new[] { scored.Schema["Label"], scored.Schema["Score"] });
        var labelGetter = cursor.GetGetter<uint>(scored.Schema["Label"]);
        var scoreGetter = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
        uint label = 0;
        VBuffer<float> scores = default;
        float[] dense = new float[classes];
        while (cursor.MoveNext())
        {
            labelGetter(ref label);
            scoreGetter(ref scores);
            if (label == 0)
                continue;
            int truth = toModel[label - 1];
            scores.CopyTo(dense);
            float trueScore = dense[truth];
            int atLeast = -1, best = 0;
            for (int c = 0; c < classes; c++)
            {
                if (dense[c] >= trueScore)
                    atLeast++;
                if (dense[c] > dense[best])
                    best = c;
            }
            count++;
            perClassRows[truth]++;
            confusion[truth, best]++;
            if (atLeast < 1)
            {
                top1++;
                perClassHits[truth]++;
            }
            if (atLeast < k)
                topK++;
        }
        if (count == 0)
            throw new UserInputException("The evaluation data holds no labeled images.");
        double macro = Enumerable.Range(0, classes).Where(c => perClassRows[c] > 0).Average(c => (double)perClassHits[c] / perClassRows[c]);
        return new EvaluationResult((double)top1 / count, (double)topK / count, macro, count, modelClasses, confusion);
    }
}
