using Microsoft.Extensions.AI;

namespace Harness.Pipelines.Tests.Generation;

/// <summary>A chat client that answers with a script and counts its calls (and how many were in flight at once).</summary>
internal sealed class ScriptedChatClient(Func<string, Task<ChatResponse>> answer) : IChatClient
{
    private int _inFlight;
    private int _calls;
    private int _mostInFlight;

    public int Calls => _calls;

    public int MostInFlight => _mostInFlight;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _mostInFlight, now);
        try
        {
            return await answer(string.Join("\n", messages.Select(m => m.Text))).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the pipelines do not stream");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
