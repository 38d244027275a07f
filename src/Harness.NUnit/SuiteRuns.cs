using System.Collections.Concurrent;
using Harness.Core.Suites;
using Harness.Engine;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.NUnit;

/// <summary>
/// Each suite runs once per test session, the first time one of its gates is executed; every other
/// gate of the suite reads that run. A run that throws fails each of its gates with the same reason.
/// </summary>
public static class SuiteRuns
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<SessionResult>>> _runs = new(StringComparer.Ordinal);

    public static Task<SessionResult> GetAsync(string suitePath, HarnessSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var key = Path.GetFullPath(suitePath);
        return _runs.GetOrAdd(key, path => new Lazy<Task<SessionResult>>(() => RunAsync(path, settings))).Value;
    }

    private static async Task<SessionResult> RunAsync(string path, HarnessSettings settings)
    {
        var validation = new SuiteValidator().Validate(path);
        var suite = validation.Suite ?? throw new InvalidOperationException(
            $"{path} no longer validates:{Environment.NewLine}{string.Join(Environment.NewLine, validation.Problems)}");
        // The run is shared by every gate of the suite, so no single test's cancellation may stop it.
        return await new SuiteSession(NullLoggerFactory.Instance)
            .RunAsync(suite, settings.ToRunOptions(), settings.ToSessionOptions(), progress: null, CancellationToken.None)
            .ConfigureAwait(false);
    }
}
