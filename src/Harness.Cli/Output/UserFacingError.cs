namespace Harness.Cli.Output;

/// <summary>
/// What a failed run says: the exception's message (which names the file, item and fix) and those of
/// its causes; the stack trace only with HARNESS_DEBUG=1, since a user acts on the message.
/// </summary>
internal static class UserFacingError
{
    public static bool IsExpected(Exception exception) => exception is not OperationCanceledException;

    public static string Describe(Exception exception)
    {
        var messages = new List<string>();
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (!messages.Contains(current.Message))
            {
                messages.Add(current.Message);
            }
        }
        var text = string.Join(" - caused by: ", messages);
        return Environment.GetEnvironmentVariable("HARNESS_DEBUG") == "1" ? text + Environment.NewLine + exception : text;
    }
}
