using Harness.Llama.Native;
using Microsoft.Extensions.Logging;

namespace Harness.Llama.Tests;

[TestFixture]
[Category(TestModels.Category)]
public class LogTests
{
    [Test]
    public void LlamaCppLogLinesReachTheConfiguredLogger()
    {
        var path = TestModels.RequireBase();
        var logger = new CapturingLogger();
        var previous = LlamaNativeLibrary.Logger;
        LlamaNativeLibrary.Logger = logger;
        try
        {
            using var model = LlamaModel.Load(path);
        }
        finally
        {
            LlamaNativeLibrary.Logger = previous;
        }
        Assert.That(logger.Lines, Has.Some.Contains("llama"));
        Assert.That(logger.Lines, Has.None.EndsWith("\n"));
    }

    private sealed class CapturingLogger : ILogger
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines)
            {
                _lines.Add(formatter(state, exception));
            }
        }
    }
}
