using Harness.Pipelines.Training;
using Microsoft.Extensions.Logging;

namespace Harness.Cli.Output;

/// <summary>Logs to standard error: warnings and training progress only, unless --verbose asks for what the harness does.</summary>
internal static class ConsoleLogging
{
    public static ILoggerFactory Create(bool verbose) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning)
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        })
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddFilter(FineTuner.LogCategory, LogLevel.Information));
}
