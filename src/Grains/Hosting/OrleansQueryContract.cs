using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Text.RegularExpressions;
using Orleans.Configuration;
using Orleans.Storage;

namespace Fcan.Grains.Hosting;

/// <summary>What one of Orleans' ADO.NET providers reads from `OrleansQuery`: the keys of the queries it runs and the
/// names of the parameters it can bind, both taken from the provider's own assembly at start-up, so an Orleans upgrade
/// that adds, renames or drops one fails Fcan's schema check (and CI) instead of a silo at run time.</summary>
public sealed partial record OrleansQueryContract(string Provider, IReadOnlySet<string> Keys, IReadOnlySet<string> Parameters)
{
    private static readonly IReadOnlyDictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(opCode => opCode.Value);

    // Lazy, so that an Orleans version whose providers look different fails the check with its own message.
    private static readonly Lazy<IReadOnlyList<OrleansQueryContract>> ProvidersOfThisVersion = new(() =>
    [
        FromStoredQueries(typeof(AdoNetClusteringSiloOptions).Assembly),
        // Grain storage looks its queries up in its own initialization query rather than in DbStoredQueries.
        new(Name(typeof(AdoNetGrainStorage).Assembly),
            Keys: QuotedKey().Matches(AdoNetGrainStorage.DefaultInitializationQuery).Select(m => m.Groups[1].Value).ToHashSet(),
            Parameters: Literals(typeof(AdoNetGrainStorage).Assembly)),
        FromStoredQueries(typeof(AdoNetReminderTableOptions).Assembly),
    ]);

    /// <summary>Clustering, grain storage and reminders: the three providers a PostgreSQL cluster uses.</summary>
    public static IReadOnlyList<OrleansQueryContract> Providers => ProvidersOfThisVersion.Value;

    /// <summary>The statement the providers read every query with (unqualified, so the connection's search path picks
    /// the schema).</summary>
    public static string ReadQuery =>
        StoredQueriesType(typeof(AdoNetClusteringSiloOptions).Assembly)
            .GetField("GetQueriesKey", BindingFlags.NonPublic | BindingFlags.Static)?.GetRawConstantValue() as string
        ?? throw new InvalidOperationException($"{Name(typeof(AdoNetClusteringSiloOptions).Assembly)}: DbStoredQueries has no GetQueriesKey; see how this Orleans version reads OrleansQuery");

    /// <summary>Each way the stored queries fall short of what the providers read: a key none of the rows has, or a
    /// parameter a query names that its provider never binds (it would fail when that query first runs).</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, string> stored) =>
    [
        .. Providers.SelectMany(provider => provider.Keys.Order(StringComparer.Ordinal).SelectMany(key =>
            stored.TryGetValue(key, out var text)
                ? Parameter().Matches(text).Select(m => m.Groups[1].Value).Distinct()
                    .Where(name => !provider.Parameters.Contains(name))
                    .Select(name => $"{key} names @{name}, which {provider.Provider} never binds")
                : [$"no {key}, which {provider.Provider} reads"])),
    ];

    /// <summary>Clustering and reminders keep their keys in an internal class DbStoredQueries (the one the provider
    /// checks the stored rows with): each member that returns a query looks it up by a string literal, its key.</summary>
    private static OrleansQueryContract FromStoredQueries(Assembly assembly)
    {
        var keys = StoredQueriesType(assembly)
            .GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Where(method => method.ReturnType == typeof(string))
            .SelectMany(LiteralsLoadedBy).ToHashSet(StringComparer.Ordinal);
        if (keys.Count == 0)
            throw new InvalidOperationException($"{Name(assembly)}: DbStoredQueries names no query keys; see how this Orleans version reads OrleansQuery");
        return new(Name(assembly), keys, Literals(assembly));
    }

    private static Type StoredQueriesType(Assembly assembly) =>
        assembly.GetTypes().SingleOrDefault(type => type.Name == "DbStoredQueries" && type.DeclaringType is null)
        ?? throw new InvalidOperationException($"{Name(assembly)} has no DbStoredQueries; see how this Orleans version reads OrleansQuery");

    /// <summary>The string literals a method loads, walking its IL instruction by instruction.</summary>
    private static IEnumerable<string> LiteralsLoadedBy(MethodInfo method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        for (var at = 0; at < il.Length;)
        {
            var opCode = OpCodesByValue[il[at] == 0xFE ? unchecked((short)(0xFE00 | il[at + 1])) : il[at]];
            at += opCode.Size;
            if (opCode == OpCodes.Ldstr) yield return method.Module.ResolveString(BitConverter.ToInt32(il, at));
            at += opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
                _ => 4,
            };
        }
    }

    /// <summary>Every string literal of an assembly: a parameter a provider binds is one (a name or a nameof).</summary>
    private static unsafe IReadOnlySet<string> Literals(Assembly assembly)
    {
        if (!assembly.TryGetRawMetadata(out var blob, out var length))
            throw new InvalidOperationException($"{Name(assembly)}: its metadata cannot be read");
        var metadata = new MetadataReader(blob, length);
        var literals = new HashSet<string>(StringComparer.Ordinal);
        for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = metadata.GetNextHandle(handle))
            literals.Add(metadata.GetUserString(handle));
        return literals;
    }

    /// <summary>"Orleans.Clustering.AdoNet 10.4.2": the package version, without the commit hash.</summary>
    private static string Name(Assembly assembly) =>
        $"{assembly.GetName().Name} {PackageVersion().Match(assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "").Value}";

    [GeneratedRegex(@"'(\w+)'")]
    private static partial Regex QuotedKey();

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"^\d+(\.\d+)*")]
    private static partial Regex PackageVersion();
}
