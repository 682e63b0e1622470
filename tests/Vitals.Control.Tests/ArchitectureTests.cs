using System.Reflection;
using System.Xml.Linq;
using Vitals.Control.Fleet;

namespace Vitals.Control.Tests;

/// <summary>
/// The layering of docs/architecture.md, checked: which project may reference which, the application layer free of
/// ASP.NET Core, and the dialects reading fleet data only through the fleet service.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Vitals.Core"] = [],
        ["Vitals.Probes"] = ["Vitals.Core"],
        ["Vitals.Engine"] = ["Vitals.Core", "Vitals.Probes"],
        ["Vitals.Storage"] = ["Vitals.Core"],
        ["Vitals.Diagnostics"] = ["Vitals.Core", "Vitals.Probes"],
        ["Vitals.Control"] = ["Vitals.Core", "Vitals.Probes", "Vitals.Engine", "Vitals.Storage"],
        ["Vitals.Server"] = ["Vitals.Core", "Vitals.Probes", "Vitals.Engine", "Vitals.Storage", "Vitals.Diagnostics", "Vitals.Control"],
        ["Vitals.Cli"] = ["Vitals.Core", "Vitals.Probes", "Vitals.Engine", "Vitals.Storage", "Vitals.Diagnostics", "Vitals.Control", "Vitals.Server"],
    };

    public static TheoryData<string> Projects => [.. Allowed.Keys];

    [Theory]
    [MemberData(nameof(Projects))]
    public void ProjectReferences_PointOnlyInward(string project)
    {
        var csproj = XDocument.Load(Path.Combine(SourceRoot(), project, project + ".csproj"));
        var references = csproj.Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value))
            .ToArray();

        Assert.All(references, reference => Assert.Contains(reference, Allowed[project]));
    }

    [Fact]
    public void ControlAssembly_ReferencesNoAspNetCore()
    {
        var referenced = typeof(FleetService).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        Assert.DoesNotContain(referenced, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Contains("Vitals.Engine", referenced);
    }

    [Fact]
    public void Dialects_ReadNoStore()
    {
        var dialects = Path.Combine(SourceRoot(), "Vitals.Server", "Dialects");
        var offenders = Directory.EnumerateFiles(dialects, "*.cs", SearchOption.AllDirectories)
            .Where(file => File.ReadAllText(file).Contains("IStore", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(dialects, file))
            .ToArray();

        Assert.Empty(offenders);
    }

    [Fact]
    public void Coordinator_HandsOutNeitherItsCatalogNorTheEngine()
    {
        var coordinator = typeof(FleetService).Assembly.GetType("Vitals.Control.Health.HealthCoordinator", throwOnError: true)!;
        var members = coordinator.GetMembers(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic);
        var handedOut = members
            .Where(member => member switch
            {
                PropertyInfo property => property.GetMethod is { IsPrivate: false },
                MethodInfo method => !method.IsPrivate,
                FieldInfo field => !field.IsPrivate,
                _ => false,
            })
            .Where(member => member switch
            {
                PropertyInfo property => IsInternals(property.PropertyType),
                MethodInfo method => IsInternals(method.ReturnType),
                FieldInfo field => IsInternals(field.FieldType),
                _ => false,
            })
            .Select(member => member.Name)
            .ToArray();

        Assert.Empty(handedOut);

        static bool IsInternals(Type type) => type.Name is "HealthCatalog" or "HealthEngine" or "CatalogMember" or "CatalogPool";
    }

    private static string SourceRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "src", "Vitals.Control")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("the repository root was not found"), "src");
    }
}
