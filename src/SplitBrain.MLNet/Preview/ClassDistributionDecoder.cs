namespace SplitBrain.MLNet.Preview;

/// <summary>
/// Turns the raw class scores (logits) of one label-grid cell into normalised class weights, and weights into the
/// expected bin centre: the decoding behind <see cref="ColorDecoding"/>. Always finite, whatever the scores hold.
/// </summary>
/// <remarks>
/// <para>Annealed mean: with p = softmax(z), q_k ∝ exp(log p_k / T) = exp((z_k - max z) / T), since log p_k differs
/// from z_k by a constant. The largest score gets weight exactly 1 before normalising, so the sum is at least 1
/// and no division by zero or overflow can happen, for any T &gt; 0.</para>
/// <para>Non-finite scores: NaN and -∞ get weight 0. If some score is +∞, the +∞ scores share the weight equally. If
/// every score is NaN or -∞, the weights are uniform.</para>
/// </remarks>
internal static class ClassDistributionDecoder
{
    /// <summary>Checks a temperature: finite and above 0.</summary>
    public static void CheckTemperature(double temperature, string parameterName)
    {
        if (!double.IsFinite(temperature) || !(temperature > 0.0))
        {
            throw new ArgumentOutOfRangeException(parameterName, temperature,
                $"The annealed-mean temperature must be finite and above 0 (0.38 is the usual value); " +
                $"got {temperature}.");
        }
    }

    /// <summary>Fills <paramref name="weights"/> (same length as <paramref name="logits"/>) with class weights summing to 1.</summary>
    /// <param name="logits">Raw scores of one cell, one per class.</param>
    /// <param name="decoding">Annealed mean (softmax of logits / T) or mode (one-hot at the largest score).</param>
    /// <param name="temperature">T of the annealed mean, finite and above 0; ignored by the mode.</param>
    /// <param name="weights">Receives the weights.</param>
    public static void Weights(ReadOnlySpan<float> logits, ColorDecoding decoding, double temperature, Span<double> weights)
    {
        if (logits.IsEmpty || weights.Length != logits.Length)
        {
            throw new ArgumentException(
                $"Got {logits.Length} scores and {weights.Length} weight slots; expected the same non-zero count.",
                nameof(weights));
        }

        CheckTemperature(temperature, nameof(temperature));
        double maximum = double.NegativeInfinity;
        int best = -1;
        for (int k = 0; k < logits.Length; k++)
        {
            if (logits[k] > maximum)
            {
                maximum = logits[k];
                best = k;
            }
        }

        weights.Clear();
        if (best < 0)
        {
            weights.Fill(1.0 / weights.Length); // every score NaN or -∞: nothing is known
            return;
        }

        if (double.IsPositiveInfinity(maximum))
        {
            int count = 0;
            for (int k = 0; k < logits.Length; k++)
                count += float.IsPositiveInfinity(logits[k]) ? 1 : 0;
            for (int k = 0; k < logits.Length; k++)
                weights[k] = float.IsPositiveInfinity(logits[k]) ? 1.0 / count : 0.0;
            return;
        }

        if (decoding == ColorDecoding.Mode)
        {
            weights[best] = 1.0;
            return;
        }

        if (decoding != ColorDecoding.AnnealedMean)
            throw new ArgumentOutOfRangeException(nameof(decoding), decoding, "Expected AnnealedMean or Mode.");

        double sum = 0.0;
        for (int k = 0; k < logits.Length; k++)
        {
            double z = logits[k];
            // NaN and -∞ fail the test and keep weight 0; exp of a value <= 0 lies in [0, 1].
            double weight = z > double.NegativeInfinity ? Math.Exp((z - maximum) / temperature) : 0.0;
            weights[k] = weight;
            sum += weight;
        }

        for (int k = 0; k < weights.Length; k++)
            weights[k] /= sum;
    }

    /// <summary>Σ weights[k] · centres[k]: the expected value under the weights.</summary>
    public static double Expectation(ReadOnlySpan<double> weights, ReadOnlySpan<double> centres)
    {
        if (weights.Length != centres.Length)
        {
            throw new ArgumentException(
                $"Got {weights.Length} weights and {centres.Length} centres; expected one centre per weight.", nameof(centres));
        }

        double value = 0.0;
        for (int k = 0; k < weights.Length; k++)
            value += weights[k] * centres[k];
        return value;
    }

    /// <summary>
    /// Decodes every cell of one image's scores, laid out class-major (classes × cells, as the network's C×G×G maps),
    /// into the expected value of one or two per-class centres.
    /// </summary>
    /// <param name="scores">classes × <paramref name="cells"/> raw scores.</param>
    /// <param name="cells">Cells of the label grid (grid²).</param>
    /// <param name="decoding">Annealed mean or mode.</param>
    /// <param name="temperature">T of the annealed mean.</param>
    /// <param name="firstCentres">The value of each class (for a joint pair class, its first axis's bin centre).</param>
    /// <param name="secondCentres">Empty, or the second axis's bin centre of each class.</param>
    /// <param name="first">Receives the decoded first value of each cell.</param>
    /// <param name="second">Receives the decoded second value of each cell; empty when <paramref name="secondCentres"/> is.</param>
    public static void DecodeGrid(ReadOnlySpan<float> scores, int cells, ColorDecoding decoding, double temperature,
        ReadOnlySpan<double> firstCentres, ReadOnlySpan<double> secondCentres, Span<double> first, Span<double> second)
    {
        int classes = firstCentres.Length;
        int secondCells = secondCentres.IsEmpty ? 0 : cells;
        if (cells < 1 || classes < 1 || scores.Length != classes * cells || first.Length != cells || second.Length != secondCells)
        {
            throw new ArgumentException(
                $"Got {scores.Length} scores for {classes} classes × {cells} cells, and outputs of {first.Length} and " +
                $"{second.Length} values; expected classes × cells scores and one value per cell.", nameof(scores));
        }

        if (!secondCentres.IsEmpty && secondCentres.Length != classes)
            throw new ArgumentException($"Got {secondCentres.Length} second centres for {classes} classes.",
                nameof(secondCentres));

        var cellScores = new float[classes];
        var weights = new double[classes];
        for (int cell = 0; cell < cells; cell++)
        {
            for (int k = 0; k < classes; k++)
                cellScores[k] = scores[k * cells + cell];
            Weights(cellScores, decoding, temperature, weights);
            first[cell] = Expectation(weights, firstCentres);
            if (!secondCentres.IsEmpty)
                second[cell] = Expectation(weights, secondCentres);
        }
    }
}
