namespace Harness.Cli.Commands;

/// <summary>The exit codes CI reads: all gates passed, a gate failed, or the run could not happen.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int GateFailed = 1;
    public const int CouldNotRun = 2;
}
