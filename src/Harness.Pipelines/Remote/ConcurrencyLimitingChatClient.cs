using Microsoft.Extensions.AI;

namespace Harness.Pipelines.Remote;

/// <summary>At most a fixed number of requests in flight to the inner client; the rest wait their turn.</summary>
public sealed class ConcurrencyLimitingChatClient(IChatClient inner, int maxConcurrency) : DelegatingChatClient(inner)
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, maxConcurrency));

    /// <summary>How many requests may be in flight at once.</summary>
    public int MaxConcurrency { get; } = Math.Max(1, maxConcurrency);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _slots.Dispose();
        }
        base.Dispose(disposing);
    }
}
