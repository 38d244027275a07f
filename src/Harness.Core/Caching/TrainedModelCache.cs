using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Harness.Core.Results;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Core.Caching;

/// <summary>
/// Fine-tuned models on disk (<c>&lt;cache&gt;/trained/&lt;key&gt;.gguf</c>, with the <see cref="TrainingRecord"/>
/// of the run that trained it beside it as .json). A model is trained into a temporary file and renamed
/// into place only when training succeeded, so a failed or killed run never leaves a model under the key,
/// and the next run finds either a whole model or none. The record holds the model's sha256: a model file
/// that no longer matches it (truncated, overwritten) is moved aside with one warning and trained again.
/// Runs that need the same model at once take turns on a lock per key (<see cref="FindOrTrain"/>): one trains,
/// the others wait and reuse its model.
/// </summary>
public sealed class TrainedModelCache(string directory, ILogger? logger = null)
{
    /// <summary>HARNESS_TRAINED_MODELS, or <c>&lt;cache&gt;/trained</c>.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("HARNESS_TRAINED_MODELS") is { Length: > 0 } directory ? directory : Path.Combine(RepositoryPaths.Cache, "trained");

    public string Directory { get; } = directory;

    public string ModelPath(string key) => Path.Combine(Directory, key + ".gguf");

    private string RecordPath(string key) => Path.Combine(Directory, key + ".json");

    /// <summary>The cached model for <paramref name="key"/> and the record written when it was trained, or null.</summary>
    public TrainingRecord? Find(string key)
    {
        var model = ModelPath(key);
        var record = RecordPath(key);
        if (!File.Exists(model) || !File.Exists(record))
        {
            return null;
        }
        TrainingRecord? stored;
        try
        {
            stored = JsonSerializer.Deserialize<TrainingRecord>(File.ReadAllText(record), HarnessJson.Options);
        }
        catch (JsonException)
        {
            return null; // an unreadable record means train again, not fail the run
        }
        if (stored is null)
        {
            return null;
        }
        // The stamp beside the model keeps this cheap: the file is hashed again only when its size or time changed.
        if (stored.ModelSha256 is { } expected && Hashing.OfStampedFile(model) is var actual && actual != expected)
        {
            var aside = DamagedFiles.MoveAside(model);
            File.Delete(record);
            (logger ?? NullLogger.Instance).LogWarning(
                "The trained model {Path} is damaged (sha256 {Actual}, trained as {Expected}); moved it to {Aside} - it is trained again",
                model, actual, expected, aside);
            return null;
        }
        return stored with { ModelPath = model };
    }

    /// <summary>
    /// The model under <paramref name="key"/>, marked <see cref="TrainingRecord.Reused"/>, or else the one
    /// <paramref name="train"/> writes (<see cref="Store"/>). While another run or pipeline trains the same key,
    /// this one calls <paramref name="waiting"/>, waits for it and reuses its model instead of training it twice.
    /// </summary>
    public TrainingRecord FindOrTrain(string key, Func<string, TrainingRecord> train, Action waiting, CancellationToken cancellationToken)
    {
        if (Find(key) is { } cached)
        {
            return cached with { Reused = true };
        }
        using var turn = Lock(key, waiting, cancellationToken);
        return Find(key) is { } trainedMeanwhile ? trainedMeanwhile with { Reused = true } : Store(key, train);
    }

    /// <summary>
    /// Holds the key's lock file (<c>&lt;key&gt;.lock</c>, an exclusive lock the operating system drops when the
    /// holder exits, killed or not) until disposed; while another process or pipeline holds it, calls
    /// <paramref name="waiting"/> once and polls.
    /// </summary>
    private IDisposable Lock(string key, Action waiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, key + ".lock");
        var told = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                if (!told)
                {
                    waiting();
                    told = true;
                }
                cancellationToken.WaitHandle.WaitOne(LockPollInterval);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Runs <paramref name="train"/> with a temporary path to write the model to, then publishes the model and
    /// its record under <paramref name="key"/>. If training throws, nothing is published and the file is removed.
    /// </summary>
    public TrainingRecord Store(string key, Func<string, TrainingRecord> train)
    {
        ArgumentNullException.ThrowIfNull(train);
        System.IO.Directory.CreateDirectory(Directory);
        RemoveLeftovers(key);
        var temporary = Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"{key}.{Environment.ProcessId}.tmp"));
        var temporaryRecord = temporary + ".json";
        try
        {
            var record = train(temporary) with { ModelPath = ModelPath(key), ModelSha256 = Hashing.OfFile(temporary) };
            File.WriteAllText(temporaryRecord, JsonSerializer.Serialize(record, HarnessJson.Indented));
            // The record goes first: a model is only ever visible with its record beside it.
            File.Move(temporaryRecord, RecordPath(key), overwrite: true);
            File.Move(temporary, ModelPath(key), overwrite: true);
            return record;
        }
        finally
        {
            File.Delete(temporary);
            File.Delete(temporaryRecord);
        }
    }

    /// <summary>Half-written files of runs that were killed while training this key (a run still alive keeps its own).</summary>
    private void RemoveLeftovers(string key)
    {
        foreach (var path in System.IO.Directory.GetFiles(Directory, key + ".*.tmp*"))
        {
            var pid = Path.GetFileName(path)[(key.Length + 1)..].Split('.')[0];
            if (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !IsAlive(id))
            {
                File.Delete(path);
            }
        }
    }

    private static bool IsAlive(int processId)
    {
        if (processId == Environment.ProcessId)
        {
            return false;
        }
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
