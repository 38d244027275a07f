using System.CommandLine;

namespace Harness.Cli.Commands;

/// <summary>`harness bench …`: benchmark commands that print figures (speed targets are checked here, not in tests).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks that print throughput and quality figures.");
        // Subcommands (one file each): bench generate, bench retrieval, bench remote.
        bench.Subcommands.Add(BenchRetrievalCommand.Create());
        bench.Subcommands.Add(BenchGenerateCommand.Create());
        bench.Subcommands.Add(BenchRemoteCommand.Create());
        return bench;
    }
}
