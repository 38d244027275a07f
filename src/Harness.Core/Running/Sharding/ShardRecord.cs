namespace Harness.Core.Running.Sharding;

/// <summary>
/// What a shard run stores so that <see cref="ShardMerger"/> can check and rebuild the whole run: the
/// shard, the fingerprint of the unsharded run it is part of (<see cref="SuiteRunner.ShardFingerprint"/>), the
/// suite file, and every case id of the unsharded run in its order (the merged run keeps that order, so its summaries resample the same way).
/// </summary>
public sealed record ShardRecord(Shard Shard, string Configuration, string SuitePath, IReadOnlyList<string> CaseIds);
