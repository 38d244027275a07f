using Harness.Core.Results;

namespace Harness.Reporting.Exporters;

/// <summary>Runs several exporters in order into the same directory.</summary>
public sealed class CompositeExporter(IEnumerable<IRunExporter> exporters) : IRunExporter
{
    private readonly IReadOnlyList<IRunExporter> _exporters = [.. exporters];

    public string Name => string.Join(", ", _exporters.Select(e => e.Name));

    public async Task ExportAsync(RunResult run, string directory, CancellationToken cancellationToken)
    {
        foreach (var exporter in _exporters)
        {
            await exporter.ExportAsync(run, directory, cancellationToken).ConfigureAwait(false);
        }
    }
}
