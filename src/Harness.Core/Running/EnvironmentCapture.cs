using System.Diagnostics;
using System.Runtime.InteropServices;
using Harness.Core.Results;

namespace Harness.Core.Running;

/// <summary>Reads the facts every run records about its host (BenchmarkDotNet's HostEnvironmentInfo, for runs).</summary>
public static class EnvironmentCapture
{
    public static RunEnvironment Capture(int threads, string? nativeLibrary, string? backend, IReadOnlyList<ModelFileInfo> models) => new()
    {
        MachineName = Environment.MachineName,
        OperatingSystem = RuntimeInformation.OSDescription,
        DotNetVersion = RuntimeInformation.FrameworkDescription,
        ProcessorCount = Environment.ProcessorCount,
        ProcessorName = ReadProcessorName(),
        Threads = threads,
        NativeLibrary = nativeLibrary,
        Backend = backend,
        GitCommit = ReadGitCommit(),
        Models = models,
    };

    private static string? ReadProcessorName()
    {
        const string CpuInfo = "/proc/cpuinfo";
        if (!File.Exists(CpuInfo))
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
        var line = File.ReadLines(CpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    /// <summary>The commit of the suites' repository, with "+dirty" when the work tree has changes.</summary>
    private static string? ReadGitCommit()
    {
        var commit = RunGit("rev-parse HEAD");
        if (commit is null)
        {
            return null;
        }
        var status = RunGit("status --porcelain --untracked-files=no");
        return string.IsNullOrEmpty(status) ? commit : commit + "+dirty";
    }

    private static string? RunGit(string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = RepositoryPaths.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed: the run records no commit rather than failing
        }
    }
}
