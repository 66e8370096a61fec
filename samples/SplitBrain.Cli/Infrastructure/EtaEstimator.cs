using SplitBrain.MLNet;

namespace SplitBrain.Cli.Infrastructure;

/// <summary>
/// Estimates the time left in a training run from the snapshots it is shown: steps done since the first snapshot of
/// the current phase, over the training time that took, times the steps still to go. It starts afresh when the phase
/// changes or the step count goes back (a new run), so a resumed run is timed from its own first step.
/// </summary>
internal sealed class EtaEstimator
{
    private string? _phase;
    private long _firstGlobalStep;
    private TimeSpan _firstElapsed;

    /// <summary>Time left until the last step of the last epoch; null until two snapshots at different steps.</summary>
    public TimeSpan? Estimate(TrainingProgress progress)
    {
        long globalStep = GlobalStep(progress);
        if (_phase != progress.Phase || globalStep < _firstGlobalStep)
        {
            _phase = progress.Phase;
            _firstGlobalStep = globalStep;
            _firstElapsed = progress.Elapsed;
            return null;
        }

        long stepsDone = globalStep - _firstGlobalStep;
        TimeSpan time = progress.Elapsed - _firstElapsed;
        if (stepsDone <= 0 || time <= TimeSpan.Zero)
        {
            return null;
        }

        long stepsLeft = Math.Max(0, TotalSteps(progress) - globalStep);
        return TimeSpan.FromTicks((long)(time.Ticks * (double)stepsLeft / stepsDone));
    }

    /// <summary>Steps done in the whole run: full epochs before this one plus the steps of this one.</summary>
    public static long GlobalStep(TrainingProgress progress) =>
        (long)(progress.Epoch - 1) * progress.StepsPerEpoch + progress.Step;

    /// <summary>Steps in the whole run.</summary>
    public static long TotalSteps(TrainingProgress progress) => (long)progress.Epochs * progress.StepsPerEpoch;
}
