using System.Globalization;
using Harness.Core.Store;
using Harness.Core.Results;

namespace Harness.Core.Running.Sharding;

/// <summary>
/// Checks that run folders are the n shards of one run (same configuration, each shard once, every case
/// exactly once, every shard finished) and puts their cases and results back in the order the whole run
/// would have had. Anything else is refused with a <see cref="ShardMergeException"/> that says what is wrong
/// and how to fix it; nothing is written before every check has passed.
/// </summary>
public static class ShardMerger
{
    public static ShardSet Check(IReadOnlyList<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        if (directories.Count == 0)
        {
            throw new ShardMergeException("no run folders to merge - pass the folders of every shard, e.g. 'harness merge results/shard-1 results/shard-2 --out results/merged'");
        }
        var shards = directories.Select(Read).ToArray();
        var first = shards[0];
        foreach (var other in shards.Skip(1))
        {
            if (Difference(first, other) is { } difference)
            {
                throw new ShardMergeException(
                    $"'{other.Directory}' (shard {other.Record.Shard}) is not part of the same run as '{first.Directory}' (shard {first.Record.Shard}): {difference} - merge only the shards of one 'harness run --shard i/n' configuration");
            }
        }
        var count = first.Record.Shard.Count;
        foreach (var twice in shards.GroupBy(s => s.Record.Shard.Index).Where(g => g.Count() > 1))
        {
            throw new ShardMergeException(
                $"shard {twice.Key}/{count} is given twice ({string.Join(" and ", twice.Select(s => $"'{s.Directory}'"))}) - pass each shard's folder once");
        }
        var missing = Enumerable.Range(1, count).Except(shards.Select(s => s.Record.Shard.Index)).ToArray();
        if (missing.Length > 0)
        {
            throw new ShardMergeException(
                $"shard {string.Join(", ", missing.Select(i => $"{i}/{count}"))} is missing - run it ('harness run <suite> --shard i/{count}') and pass all {count} shard folders");
        }
        var seed = first.Run.Info.Seed;
        var pipelines = first.Run.Pipelines.Select(p => p.Name).ToArray();
        foreach (var shard in shards)
        {
            CheckCover(shard, seed, pipelines);
        }
        return new ShardSet(first.Record, [.. shards.OrderBy(s => s.Record.Shard.Index)]);
    }

    /// <summary>
    /// The whole run: cases in the order of the unsharded run, every result, the first shard's environment,
    /// pipelines and training records, and no summary yet (the caller computes it as a run does).
    /// </summary>
    public static RunResult Merge(ShardSet shards, string runId)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var order = shards.Record.CaseIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        var first = shards.Shards[0].Run;
        var runs = shards.Shards.Select(s => s.Run).ToArray();
        return first with
        {
            Info = first.Info with
            {
                RunId = runId,
                StartedAt = runs.Min(r => r.Info.StartedAt),
                FinishedAt = runs.Max(r => r.Info.FinishedAt),
                PeakRssBytes = runs.Max(r => r.Info.PeakRssBytes),
                Shard = null,
            },
            Cases = [.. runs.SelectMany(r => r.Cases).OrderBy(c => order[c.Id])],
            Results = [.. runs.SelectMany(r => r.Results).OrderBy(r => r.Pipeline, StringComparer.Ordinal).ThenBy(r => order[r.CaseId])],
            Summary = [],
            Gates = [],
        };
    }

    private static ShardRun Read(string directory)
    {
        var run = RunRepository.Load(directory);
        var record = RunRepository.LoadShard(directory)
            ?? throw new ShardMergeException($"'{directory}' holds a whole run, not a shard (it was run without --shard) - merge only the folders of 'harness run <suite> --shard i/n'");
        if (run.Info.FinishedAt is null)
        {
            throw new ShardMergeException($"shard {record.Shard} in '{directory}' did not finish - run the same 'harness run ... --shard {record.Shard} --out {directory}' again to complete it");
        }
        return new ShardRun(directory, record, run);
    }

    /// <summary>The first setting in which two shards differ, or null when they are shards of one run.</summary>
    private static string? Difference(ShardRun a, ShardRun b)
    {
        static string Models(RunResult run) =>
            string.Join(", ", run.Environment.Models.Select(m => $"{m.Role} {m.Name} {m.Sha256}").Order(StringComparer.Ordinal));
        static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "none";
        // Show: the two values are short enough to name; otherwise the message only says they differ.
        (string What, string A, string B, bool Show)[] checks =
        [
            ("suite", a.Run.Info.Suite, b.Run.Info.Suite, true),
            ("shard count", Number(a.Record.Shard.Count), Number(b.Record.Shard.Count), true),
            ("seed", Number(a.Run.Info.Seed), Number(b.Run.Info.Seed), true),
            ("limit", Number(a.Run.Info.Limit), Number(b.Run.Info.Limit), true),
            ("dataset hash", a.Run.Info.DatasetHash ?? "none", b.Run.Info.DatasetHash ?? "none", true),
            ("CPU variant", a.Run.Environment.CpuVariant ?? "none", b.Run.Environment.CpuVariant ?? "none", true),
            ("pipelines", string.Join(", ", a.Run.Pipelines.Select(p => p.Name)), string.Join(", ", b.Run.Pipelines.Select(p => p.Name)), true),
            ("models (names and sha256)", Models(a.Run), Models(b.Run), false),
            ("suite files (configuration hashes)", a.Record.Configuration, b.Record.Configuration, false),
            ("case lists", string.Join(",", a.Record.CaseIds), string.Join(",", b.Record.CaseIds), false),
        ];
        foreach (var (what, first, second, show) in checks)
        {
            if (!string.Equals(first, second, StringComparison.Ordinal))
            {
                return show ? $"{what} '{first}' vs '{second}'" : $"their {what} differ";
            }
        }
        return null;
    }

    /// <summary>A shard holds exactly its cases of the whole run, each with one result per pipeline.</summary>
    private static void CheckCover(ShardRun shard, int seed, IReadOnlyList<string> pipelines)
    {
        var expected = shard.Record.CaseIds.Where(id => shard.Record.Shard.Contains(seed, id)).ToHashSet(StringComparer.Ordinal);
        var held = shard.Run.Cases.Select(c => c.Id).ToArray();
        if (held.FirstOrDefault(id => !expected.Contains(id)) is { } stray)
        {
            throw new ShardMergeException(
                $"'{shard.Directory}' (shard {shard.Record.Shard}) holds case '{stray}', which belongs to another shard - its store was changed or copied from another run; run that shard again into a new folder");
        }
        if (expected.Except(held, StringComparer.Ordinal).FirstOrDefault() is { } absent)
        {
            throw new ShardMergeException(
                $"'{shard.Directory}' (shard {shard.Record.Shard}) lacks case '{absent}' of its share - run that shard again into a new folder");
        }
        var results = shard.Run.Results.Select(r => (r.Pipeline, r.CaseId)).ToHashSet();
        var lacking = pipelines.SelectMany(p => held.Select(id => (Pipeline: p, CaseId: id))).FirstOrDefault(key => !results.Contains(key));
        if (lacking.Pipeline is not null)
        {
            throw new ShardMergeException(
                $"'{shard.Directory}' (shard {shard.Record.Shard}) has no result for case '{lacking.CaseId}' in pipeline '{lacking.Pipeline}' - run the same 'harness run ... --shard {shard.Record.Shard} --out {shard.Directory}' again to complete it");
        }
    }
}

/// <summary>One shard's folder, its record and its run.</summary>
public sealed record ShardRun(string Directory, ShardRecord Record, RunResult Run);

/// <summary>The n checked shards of one run, in shard order, and the record they share.</summary>
public sealed record ShardSet(ShardRecord Record, IReadOnlyList<ShardRun> Shards);

/// <summary>Shards that cannot be merged; the message says why and what to do.</summary>
public sealed class ShardMergeException : Exception
{
    public ShardMergeException()
    {
    }

    public ShardMergeException(string message)
        : base(message)
    {
    }

    public ShardMergeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
