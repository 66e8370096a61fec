using Microsoft.ML;

namespace SplitBrain.MLNet;

/// <summary>
/// Cancels training through ML.NET's own mechanism. ML.NET 6 keeps <c>MLContext.CancelExecution</c> internal; this
/// extension calls it, so every channel of the context reports cancellation and SplitBrain.MLNet's trainers stop at the
/// next step boundary (after writing a checkpoint when a checkpoint folder is set) with an
/// <see cref="OperationCanceledException"/>.
/// </summary>
public static class MLContextCancellation
{
    /// <summary>Asks every running operation of <paramref name="mlContext"/> to stop; cannot be undone for that context.</summary>
    /// <param name="mlContext">The context whose training should stop.</param>
    public static void CancelExecution(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        mlContext.CancelExecution();
    }
}
