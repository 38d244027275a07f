using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Harness.Core.Suites;
using Microsoft.Extensions.AI.Evaluation;

namespace Harness.Metrics.Evaluation;

/// <summary>
/// Makes the <see cref="IEvaluator"/> a suite names: builds its project when it names one (<c>dotnet build -c Release</c>,
/// incremental, so a second run rebuilds nothing), loads the assembly into a load context of its own whose
/// dependencies resolve beside it, and creates the type with its public parameterless constructor. The MEAI
/// assemblies, and every other assembly the harness itself has, come from the harness, so the evaluator's
/// <see cref="IEvaluator"/> is the harness's.
/// </summary>
public static class EvaluatorLoader
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Builds = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<(string Path, DateTime Written), EvaluatorLoadContext> Contexts = new();

    /// <exception cref="InvalidOperationException">The project does not build, or the assembly has no such evaluator; the message says which and the fix.</exception>
    public static IEvaluator Load(EvaluatorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var path = definition.Assembly ?? Builds.GetOrAdd(definition.Project!, project => new Lazy<string>(() => Build(project))).Value;
        var context = Contexts.GetOrAdd((path, File.GetLastWriteTimeUtc(path)), key => new EvaluatorLoadContext(key.Path));
        var assembly = context.LoadFromAssemblyPath(path);
        if (assembly.GetName().Name != definition.AssemblyName)
        {
            throw new InvalidOperationException($"evaluator '{definition.TypeName}, {definition.AssemblyName}': {path} is assembly '{assembly.GetName().Name}' - name that assembly after the comma");
        }
        var exported = assembly.GetExportedTypes().Where(t => typeof(IEvaluator).IsAssignableFrom(t) && !t.IsAbstract).Select(t => t.FullName!).ToArray();
        var type = assembly.GetType(definition.TypeName)
            ?? throw new InvalidOperationException($"assembly '{definition.AssemblyName}' ({path}) has no type '{definition.TypeName}' - its public evaluators: {(exported.Length > 0 ? string.Join(", ", exported) : "none")}");
        if (!typeof(IEvaluator).IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new InvalidOperationException($"'{definition.TypeName}' is not a concrete Microsoft.Extensions.AI.Evaluation.IEvaluator - its assembly's public evaluators: {(exported.Length > 0 ? string.Join(", ", exported) : "none")}");
        }
        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new InvalidOperationException($"evaluator '{definition.TypeName}' has no public parameterless constructor - add one (a judge reaches it through the ChatConfiguration the harness passes)");
        }
        return (IEvaluator)Activator.CreateInstance(type)!;
    }

    /// <summary>Builds the project once per process and returns the assembly it builds to.</summary>
    private static string Build(string project)
    {
        // Under `dotnet test` the process is the test host: DOTNET_HOST_PATH names the dotnet that started it.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["build", project, "-c", "Release", "--nologo", "-v", "quiet", "-clp:ErrorsOnly", "-t:Build", "-getProperty:TargetPath"])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start '{dotnet}' to build {project}");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var targetPath = output.Trim().Split('\n')[^1].Trim();
        if (process.ExitCode != 0 || !File.Exists(targetPath))
        {
            throw new InvalidOperationException($"the evaluator project {project} did not build (dotnet build exit {process.ExitCode}): {(output + error.Result).Trim()} - fix the project, or name a built assembly with 'assembly:'");
        }
        return targetPath;
    }

    private sealed class EvaluatorLoadContext(string assemblyPath) : AssemblyLoadContext($"evaluator {assemblyPath}")
    {
        private static readonly HashSet<string> HarnessAssemblies = new(
            ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFileNameWithoutExtension)!,
            StringComparer.OrdinalIgnoreCase);

        private readonly AssemblyDependencyResolver _resolver = new(assemblyPath);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // null falls back to the harness's own copy: one IEvaluator, one ChatMessage on both sides.
            if (HarnessAssemblies.Contains(assemblyName.Name!) || Default.Assemblies.Any(a => a.GetName().Name == assemblyName.Name))
            {
                return null;
            }
            return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
    }
}
