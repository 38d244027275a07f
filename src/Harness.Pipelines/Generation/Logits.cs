namespace Harness.Pipelines.Generation;

/// <summary>Arithmetic on a model's next-token logits.</summary>
internal static class Logits
{
    /// <summary>
    /// log Σ exp(logit), shifted by the largest logit so no exp overflows: the normaliser that turns a logit into a
    /// log-probability (log p = logit − LogSumExp).
    /// </summary>
    public static double LogSumExp(ReadOnlySpan<float> logits)
    {
        var max = double.NegativeInfinity;
        foreach (var logit in logits)
        {
            max = Math.Max(max, logit);
        }
        var sum = 0.0;
        foreach (var logit in logits)
        {
            sum += Math.Exp(logit - max);
        }
        return max + Math.Log(sum);
    }
}
