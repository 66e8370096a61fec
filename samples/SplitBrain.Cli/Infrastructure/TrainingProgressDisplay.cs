using System.Collections.Concurrent;
using System.Diagnostics;
using SplitBrain.MLNet;
using Spectre.Console;

namespace SplitBrain.Cli.Infrastructure;

/// <summary>
/// Shows a training's progress on the console. On a terminal it draws a Spectre.Console progress bar (epoch, step,
/// losses, images/s, ETA) with one line kept per finished epoch; when stdout is redirected (CI, pipes, files) it
/// prints plain lines instead: one at the end of each epoch and one every <c>plainLineInterval</c> during an epoch.
/// </summary>
/// <remarks>
/// <see cref="Report"/> only stores the snapshot (and queues end-of-epoch snapshots), so the training thread never
/// waits on the console; a background thread draws. Every snapshot passed to <see cref="Report"/> must be a fresh
/// object that the trainer does not change afterwards (its loss dictionaries are read on the drawing thread).
/// Dispose the display when training ends: it prints what is still queued and stops the drawing thread.
/// Set the environment variable <c>SPLITBRAIN_PROGRESS=plain</c> to force plain lines on a terminal.
/// </remarks>
public sealed class TrainingProgressDisplay : IProgress<TrainingProgress>, IDisposable
{
    /// <summary>The default time between two plain lines within an epoch.</summary>
    public static readonly TimeSpan DefaultPlainLineInterval = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan BarRefreshInterval = TimeSpan.FromMilliseconds(200);

    private readonly TextWriter _plainWriter;
    private readonly bool _interactive;
    private readonly TimeSpan _plainLineInterval;
    private readonly Func<TimeSpan> _clock;
    private readonly ConcurrentQueue<TrainingProgress> _finishedEpochs = new();
    private readonly EtaEstimator _eta = new();
    private readonly ManualResetEventSlim _stopping = new(initialState: false);
    private readonly Thread? _drawingThread;
    private TrainingProgress? _latest;
    private TrainingProgress? _lastDrawn;
    private TimeSpan _lastPlainLineTime;
    private bool _disposed;

    /// <summary>Creates a display on stdout, choosing the progress bar or plain lines from the terminal.</summary>
    /// <param name="plainLineInterval">Time between plain lines within an epoch; null means 10 seconds.</param>
    public TrainingProgressDisplay(TimeSpan? plainLineInterval = null)
        : this(Console.Out, IsInteractiveTerminal, plainLineInterval ?? DefaultPlainLineInterval,
            StopwatchClock(), startDrawingThread: true)
    {
    }

    /// <summary>Test hook: <paramref name="startDrawingThread"/> false lets a test call <see cref="Pump"/>.</summary>
    internal TrainingProgressDisplay(
        TextWriter plainWriter, bool interactive, TimeSpan plainLineInterval, Func<TimeSpan> clock,
        bool startDrawingThread)
    {
        if (plainLineInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(plainLineInterval), plainLineInterval,
                "The time between progress lines must be positive.");
        }

        _plainWriter = plainWriter;
        _interactive = interactive;
        _plainLineInterval = plainLineInterval;
        _clock = clock;
        _lastPlainLineTime = clock();
        if (startDrawingThread)
        {
            _drawingThread = new Thread(interactive ? DrawBar : DrawPlainLines)
            {
                IsBackground = true,
                Name = "splitbrain progress",
            };
            _drawingThread.Start();
        }
    }

    /// <summary>
    /// True when stdout is a terminal that can redraw a progress bar: not redirected, ANSI and interactive in
    /// Spectre.Console's view, and <c>SPLITBRAIN_PROGRESS</c> is not <c>plain</c>.
    /// </summary>
    public static bool IsInteractiveTerminal =>
        !Console.IsOutputRedirected
        && AnsiConsole.Profile.Capabilities.Ansi
        && AnsiConsole.Profile.Capabilities.Interactive
        && !string.Equals(Environment.GetEnvironmentVariable("SPLITBRAIN_PROGRESS"), "plain",
            StringComparison.OrdinalIgnoreCase);

    /// <summary>Stores the snapshot for the drawing thread; cheap and never blocks.</summary>
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.EpochFinished)
        {
            _finishedEpochs.Enqueue(value);
        }

        Volatile.Write(ref _latest, value);
    }

    /// <summary>Prints what is still queued and stops the drawing thread.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stopping.Set();
        _drawingThread?.Join();
        if (_drawingThread is null || !_interactive)
        {
            Pump(final: true);
        }

        _stopping.Dispose();
    }

    /// <summary>
    /// One round of plain output: every queued end-of-epoch line, then a step line if the interval has passed and a
    /// snapshot newer than the last one drawn is waiting. <paramref name="final"/> skips the step line.
    /// </summary>
    internal void Pump(bool final = false)
    {
        bool wroteEpochLine = false;
        while (_finishedEpochs.TryDequeue(out TrainingProgress? finished))
        {
            _plainWriter.WriteLine(TrainingProgressFormatter.FormatEpochLine(finished));
            _eta.Estimate(finished);
            wroteEpochLine = true;
        }

        TimeSpan now = _clock();
        if (wroteEpochLine)
        {
            _lastPlainLineTime = now;
            _lastDrawn = Volatile.Read(ref _latest);
        }

        TrainingProgress? latest = Volatile.Read(ref _latest);
        if (!final && latest is { EpochFinished: false } && !ReferenceEquals(latest, _lastDrawn)
            && now - _lastPlainLineTime >= _plainLineInterval)
        {
            _plainWriter.WriteLine(TrainingProgressFormatter.FormatStepLine(latest, _eta.Estimate(latest)));
            _lastPlainLineTime = now;
            _lastDrawn = latest;
        }

        _plainWriter.Flush();
    }

    private void DrawPlainLines()
    {
        TimeSpan wait = _plainLineInterval < TimeSpan.FromSeconds(1) ? _plainLineInterval : TimeSpan.FromSeconds(1);
        while (!_stopping.Wait(wait))
        {
            TryDraw(() => Pump());
        }
    }

    private void DrawBar()
    {
        TryDraw(() => AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(),
                new PercentageColumn())
            .Start(context =>
            {
                ProgressTask? task = null;
                string? phase = null;
                bool stopping;
                do
                {
                    stopping = _stopping.Wait(BarRefreshInterval);
                    while (_finishedEpochs.TryDequeue(out TrainingProgress? finished))
                    {
                        AnsiConsole.MarkupLine(Markup.Escape(TrainingProgressFormatter.FormatEpochLine(finished)));
                    }

                    TrainingProgress? latest = Volatile.Read(ref _latest);
                    if (latest is not null && !ReferenceEquals(latest, _lastDrawn))
                    {
                        if (task is null || phase != latest.Phase)
                        {
                            task?.StopTask();
                            task = context.AddTask(latest.Phase, autoStart: true);
                            phase = latest.Phase;
                        }

                        task.MaxValue = Math.Max(1, EtaEstimator.TotalSteps(latest));
                        task.Value = EtaEstimator.GlobalStep(latest);
                        task.Description = Markup.Escape(
                            TrainingProgressFormatter.FormatStepLine(latest, _eta.Estimate(latest)));
                        _lastDrawn = latest;
                    }

                    context.Refresh();
                }
                while (!stopping);

                task?.StopTask();
            }));
    }

    private static void TryDraw(Action draw)
    {
        try
        {
            draw();
        }
        catch (IOException)
        {
            // A closed console (a pipe whose reader went away) must not take the training down with it.
        }
        catch (InvalidOperationException)
        {
            // Spectre.Console refuses a second live display; training goes on without a bar.
        }
    }

    private static Func<TimeSpan> StopwatchClock()
    {
        var stopwatch = Stopwatch.StartNew();
        return () => stopwatch.Elapsed;
    }
}
