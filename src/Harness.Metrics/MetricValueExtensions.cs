using Harness.Core.Metrics;

namespace Harness.Metrics;

internal static class MetricValueExtensions
{
    /// <summary>Adds an explanation to an ok value; an error value (non-finite) keeps its own diagnostic.</summary>
    public static MetricValue Explained(this MetricValue value, string diagnostic) =>
        value.Status == ValueStatus.Ok ? value with { Diagnostic = diagnostic } : value;

    public static MetricValue[] AllInconclusive(this IEnumerable<MetricDescriptor> descriptors, string reason) =>
        descriptors.Select(descriptor => MetricValue.Inconclusive(descriptor.Id, reason)).ToArray();

    public static MetricValue[] AllErrors(this IEnumerable<MetricDescriptor> descriptors, string reason) =>
        descriptors.Select(descriptor => MetricValue.Error(descriptor.Id, reason)).ToArray();
}
