using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Pipelines.Tests.Remote;

/// <summary>
/// A minimal OpenAI-compatible chat completions endpoint on 127.0.0.1: it answers every request with
/// a reply computed from the last user message (with its first token's log-probabilities when asked),
/// and records the requests it received.
/// </summary>
internal sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly Func<string, string> _reply;

    public FakeOpenAIServer(Func<string, string> reply)
    {
        _reply = reply;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/v1");

    public List<JsonObject> Requests { get; } = [];

    public List<string?> AuthorizationHeaders { get; } = [];

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (HttpListenerException)
        {
            // Stop() ends the pending GetContextAsync with this exception: the loop is over.
        }
        catch (ObjectDisposedException)
        {
            // Same, on the other timing of Close().
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            var context = await _listener.GetContextAsync().ConfigureAwait(false);
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var request = JsonNode.Parse(await reader.ReadToEndAsync().ConfigureAwait(false))!.AsObject();
            lock (Requests)
            {
                Requests.Add(request);
                AuthorizationHeaders.Add(context.Request.Headers["Authorization"]);
            }
            var prompt = request["messages"]!.AsArray().Last()!["content"]!.ToString();
            var answer = _reply(prompt);
            var body = JsonSerializer.Serialize(new
            {
                id = "chatcmpl-test",
                @object = "chat.completion",
                created = 1_700_000_000,
                model = request["model"]!.ToString(),
                choices = new[]
                {
                    new
                    {
                        index = 0,
                        finish_reason = "stop",
                        message = new { role = "assistant", content = answer },
                        // Asked for log-probabilities, the first token is the answer with P 0.6, beside "no" with P 0.3.
                        logprobs = request["logprobs"]?.GetValue<bool>() == true
                            ? new { content = new[] { new { token = answer, logprob = Math.Log(0.6), bytes = (int[]?)null, top_logprobs = new[] { new { token = answer, logprob = Math.Log(0.6), bytes = (int[]?)null }, new { token = "no", logprob = Math.Log(0.3), bytes = (int[]?)null } } } } }
                            : null,
                    },
                },
                usage = new { prompt_tokens = 11, completion_tokens = 3, total_tokens = 14 },
            });
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
