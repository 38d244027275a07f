using System.ClientModel.Primitives;
using System.Globalization;

namespace Harness.Pipelines.Remote;

/// <summary>
/// The SDK's retry policy (it retries 408, 429 and 5xx answers and failed connections), with the wait before
/// each retry taken from the server's Retry-After header (seconds or an HTTP date) when it sends one, else the
/// SDK's back-off, and never longer than <paramref name="maxDelay"/>: a server asking for an hour does not
/// stall a run for an hour per try.
/// </summary>
internal sealed class BoundedRetryPolicy(int retries, TimeSpan maxDelay) : ClientRetryPolicy(retries)
{
    protected override TimeSpan GetNextDelay(PipelineMessage message, int tryCount)
    {
        var delay = RetryAfter(message.Response) ?? base.GetNextDelay(message, tryCount);
        return delay < maxDelay ? delay : maxDelay;
    }

    private static TimeSpan? RetryAfter(PipelineResponse? response)
    {
        if (response is null || !response.Headers.TryGetValue("Retry-After", out var value) || value is null)
        {
            return null;
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero
            : null;
    }
}
