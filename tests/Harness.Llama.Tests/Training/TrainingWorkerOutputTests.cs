using System.Text.Json;
using Harness.Llama.Training;

namespace Harness.Llama.Tests.Training;

/// <summary>The worker's stdout carries its JSON messages and, when llama.cpp aborts, whatever native code printed there.</summary>
public sealed class TrainingWorkerOutputTests
{
    [TestCase("#7  0x000055ae40a17691 in main ()")]
    [TestCase("[Inferior 1 (process 3905) detached]")]
    [TestCase("{ not json after all")]
    [TestCase("")]
    public void ALineNativeCodeWroteIsNotAMessage(string line) =>
        Assert.That(TrainingWorkerProcess.Parse(line), Is.Null);

    [Test]
    public void TheWorkersOwnLineIsItsMessage()
    {
        var line = JsonSerializer.Serialize(new TrainingMessage { Failure = TrainingMessage.Data, Message = "too little text" });

        var message = TrainingWorkerProcess.Parse(line);

        Assert.That((message?.Failure, message?.Message), Is.EqualTo((TrainingMessage.Data, "too little text")));
    }
}
