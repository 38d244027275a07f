using Harness.Core.Results;

namespace Harness.Reporting.Exporters;

/// <summary>
/// Shared plumbing of the exporters that write exactly one file: the file name is the exporter's
/// name, and the file is written atomically.
/// </summary>
public abstract class RunFileExporter : IRunExporter
{
    public abstract string Name { get; }

    public Task ExportAsync(RunResult run, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(directory);
        return AtomicFile.WriteAsync(Path.Combine(directory, Name), (stream, ct) => WriteAsync(run, stream, ct), cancellationToken);
    }

    protected abstract Task WriteAsync(RunResult run, Stream stream, CancellationToken cancellationToken);
}
