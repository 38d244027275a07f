using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Harness.Reporting.Tests.Browser;

/// <summary>
/// A minimal Chrome DevTools Protocol client over one WebSocket: commands (optionally to an attached
/// page session) with their replies, and every event kept for inspection.
/// </summary>
internal sealed class CdpSession : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    public ConcurrentQueue<JsonObject> Events { get; } = new();

    public static async Task<CdpSession> ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        var session = new CdpSession();
        session._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await session._socket.ConnectAsync(endpoint, cancellationToken);
        session._receiving = Task.Run(session.ReceiveLoopAsync, CancellationToken.None);
        return session;
    }

    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters, string? sessionId, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        if (sessionId is not null)
        {
            message["sessionId"] = sessionId;
        }
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);
        var response = await reply.Task.WaitAsync(cancellationToken);
        if (response["error"] is { } error)
        {
            throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
        }
        return response["result"]?.AsObject() ?? [];
    }

    /// <summary>Waits until an event with this method (for this session) has arrived.</summary>
    public async Task<JsonObject> WaitForEventAsync(string method, string? sessionId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = Events.FirstOrDefault(e => (string?)e["method"] == method && (sessionId is null || (string?)e["sessionId"] == sessionId));
            if (found is not null)
            {
                return found;
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }
                var json = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                if (json["id"] is { } id && _pending.TryRemove((int)id, out var reply))
                {
                    reply.SetResult(json);
                }
                else if (json["method"] is not null)
                {
                    Events.Enqueue(json);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            // The browser closed or the test is done: fail whatever still waits for a reply.
        }
        foreach (var reply in _pending.Values)
        {
            reply.TrySetException(new InvalidOperationException("DevTools connection closed"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _stop.Dispose();
    }
}
