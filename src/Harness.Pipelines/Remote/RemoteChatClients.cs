using Microsoft.Extensions.AI;

namespace Harness.Pipelines.Remote;

/// <summary>How a remote server's client is wrapped for generation: at most <c>maxConcurrency</c> requests in flight, each one measured.</summary>
public static class RemoteChatClients
{
    public static IChatClient ForGeneration(IChatClient server, int maxConcurrency) =>
        new ConcurrencyLimitingChatClient(new MeasuringChatClient(server), maxConcurrency);
}
