using System.Reflection;

namespace Vitals.Server.Telemetry;

/// <summary>
/// What was built: the version and source revision the build stamped into the assembly's informational version
/// (<c>1.0.0+&lt;commit&gt;</c>), and the .NET runtime running it. <c>vitals_build_info</c> and the telemetry resource.
/// </summary>
public static class BuildInfo
{
    private static readonly string s_informational =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The version without the revision, e.g. <c>1.0.0</c>.</summary>
    public static string Version { get; } = s_informational.Split('+')[0];

    /// <summary>The source revision (the git commit the build was made from), or <c>unknown</c> when the build had none.</summary>
    public static string Revision { get; } = s_informational.Split('+') is [_, var revision, ..] && revision.Length > 0 ? revision : "unknown";

    /// <summary>The .NET runtime's version, e.g. <c>10.0.1</c>.</summary>
    public static string Dotnet { get; } = Environment.Version.ToString();
}
