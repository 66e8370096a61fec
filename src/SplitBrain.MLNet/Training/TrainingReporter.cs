using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace SplitBrain.MLNet.Training;

/// <summary>
/// Reports training through the MLContext's channels, as ML.NET's own trainers do: trace at each epoch's start
/// and end, info every N steps and per epoch, the losses through a progress channel. It also turns
/// <see cref="MLContext.CancelExecution"/> into an <see cref="OperationCanceledException"/> at step boundaries.
/// Messages reach listeners of <see cref="MLContext.Log"/>.
/// </summary>
internal sealed class TrainingReporter : IDisposable
{
    private readonly IHost _host;
    private readonly IChannel _channel;
    private readonly IProgressChannel _progress;
    private readonly string[] _lossNames;
    private readonly double[] _latestLosses;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _epoch;
    private long _step;

    public TrainingReporter(IHostEnvironment environment, string componentName, params string[] lossNames)
    {
        _host = environment.Register(componentName);
        _channel = _host.Start(componentName);
        _progress = _host.StartProgressChannel(componentName);
        _lossNames = lossNames;
        _latestLosses = new double[lossNames.Length];
        _progress.SetHeader(new ProgressHeader(lossNames, new[] { "epochs", "steps" }), entry =>
        {
            entry.SetProgress(0, _epoch);
            entry.SetProgress(1, _step);
            for (int i = 0; i < _latestLosses.Length; i++)
                entry.SetMetric(i, _latestLosses[i]);
        });
    }

    /// <summary>Elapsed time since the reporter started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Throws <see cref="OperationCanceledException"/> when the MLContext's execution was cancelled.</summary>
    public void ThrowIfCancelled() => _host.CheckAlive();

    public void Info(string message) => _channel.Info(MessageSensitivity.None, message);

    public void Trace(string message) => _channel.Trace(MessageSensitivity.None, message);

    public void Warning(string message) => _channel.Warning(MessageSensitivity.None, message);

    public void EpochStarted(int epoch, int epochs, double learningRate)
    {
        _epoch = epoch;
        Trace($"Epoch {epoch}/{epochs} started, learning rate {learningRate:G4}.");
    }

    public void StepFinished(int epoch, long stepInEpoch, long globalStep, int infoEvery, ReadOnlySpan<double> losses)
    {
        _step = globalStep;
        losses.CopyTo(_latestLosses);
        if (infoEvery > 0 && stepInEpoch % infoEvery == 0)
            Info($"Epoch {epoch}, step {stepInEpoch}: {FormatLosses(losses)}.");
    }

    public void EpochFinished(int epoch, int epochs, ReadOnlySpan<double> meanLosses, long images, TimeSpan epochTime, string? extra = null)
    {
        double imagesPerSecond = images / Math.Max(epochTime.TotalSeconds, 1e-9);
        _progress.Checkpoint(meanLosses.ToArray().Select(l => (double?)l).Append(epoch).ToArray());
        string message = $"Epoch {epoch}/{epochs} finished: {FormatLosses(meanLosses)}, {images} images, " +
            $"{imagesPerSecond:F1} images/s, epoch {epochTime.TotalSeconds:F1} s, elapsed {Elapsed.TotalSeconds:F1} s";
        Info(extra is null ? message + "." : $"{message}, {extra}.");
        Trace($"Epoch {epoch}/{epochs} ended.");
    }

    private string FormatLosses(ReadOnlySpan<double> losses)
    {
        var parts = new string[losses.Length];
        for (int i = 0; i < losses.Length; i++)
            parts[i] = $"{_lossNames[i]} {losses[i]:F4}";
        return string.Join(", ", parts);
    }

    public void Dispose()
    {
        _progress.Dispose();
        _channel.Dispose();
    }
}
