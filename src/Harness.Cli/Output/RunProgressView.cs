using Harness.Core.Running;
using Spectre.Console;

namespace Harness.Cli.Output;

/// <summary>A progress bar with case counts, errors and an ETA while a suite runs (plain lines when output is redirected).</summary>
internal static class RunProgressView
{
    public static async Task<T> RunAsync<T>(string suite, Func<IProgress<RunProgress>, Task<T>> run)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            Console.Out.WriteLine($"running {suite}…");
            return await run(new PlainProgress(suite));
        }
        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(suite), maxValue: 1);
                var progress = new Progress<RunProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    task.Description = Markup.Escape($"{suite} · {p.Pipeline} · {p.Done}/{p.Total} cases" + (p.Errors > 0 ? $" · {p.Errors} errors" : ""));
                });
                return await run(progress);
            });
    }

    /// <summary>For logs: a line at every tenth of the way, with the ETA.</summary>
    private sealed class PlainProgress(string suite) : IProgress<RunProgress>
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private int _lastDecile = -1;
        private int _firstDone = -1;

        public void Report(RunProgress value)
        {
            if (_firstDone < 0)
            {
                _firstDone = value.Done - 1; // results already stored by an earlier, resumed run
            }
            var decile = value.Total == 0 ? 10 : value.Done * 10 / value.Total;
            if (decile == _lastDecile)
            {
                return;
            }
            _lastDecile = decile;
            var doneHere = value.Done - _firstDone;
            var eta = doneHere > 0 ? TimeSpan.FromSeconds(_clock.Elapsed.TotalSeconds / doneHere * (value.Total - value.Done)) : TimeSpan.Zero;
            Console.Out.WriteLine($"  {suite}: {value.Done}/{value.Total} cases ({value.Pipeline}), {value.Errors} errors, ETA {eta:mm\\:ss}");
        }
    }
}
