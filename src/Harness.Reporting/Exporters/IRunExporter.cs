using Harness.Core.Results;

namespace Harness.Reporting.Exporters;

/// <summary>Writes one kind of output file (or folder of files) of a run into a directory.</summary>
public interface IRunExporter
{
    /// <summary>Short name for messages and selection, e.g. "cases.csv" or "charts".</summary>
    string Name { get; }

    Task ExportAsync(RunResult run, string directory, CancellationToken cancellationToken);
}
