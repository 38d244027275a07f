using System.CommandLine;

namespace Harness.Cli.Commands;

/// <summary>Every top-level command of `harness`; each lives in its own file in this folder.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create() =>
    [
        RunCommand.Create(),
        TrainCommand.Create(),
        MergeCommand.Create(),
        ReportCommand.Create(),
        BenchCommand.Create(),
        BaselineCommand.Create(),
        CompareCommand.Create(),
        CalibrateCommand.Create(),
        LabelCommand.Create(),
        ValidateCommand.Create(),
        ListCommand.Create(),
        IndexCommand.Create(),
        RetrieveCommand.Create(),
        InfoCommand.Create(),
        GenerateCommand.Create(),
        EmbedCommand.Create(),
        ModelCommand.Create(),
    ];
}
