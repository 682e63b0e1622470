using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Vitals.Server.Console;

/// <summary>
/// The console's files, embedded in this assembly (<c>Console/wwwroot</c>) so that <c>vitals serve</c> ships them
/// with no web root on disk and nothing fetched from the internet. Read once at start-up: a few tens of kilobytes.
/// </summary>
internal sealed class ConsoleAssets
{
    private const string Prefix = "console/";

    private readonly FrozenDictionary<string, ConsoleAsset> _assets;

    private ConsoleAssets(FrozenDictionary<string, ConsoleAsset> assets) => _assets = assets;

    public static ConsoleAssets Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                var path = name[Prefix.Length..];
                assets[path] = Read(assembly, name, path);
            }
        }

        return new ConsoleAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The file at <paramref name="path"/> (relative to wwwroot, '/' separated), or null.</summary>
    public ConsoleAsset? Find(string path) => _assets.GetValueOrDefault(path);

    private static ConsoleAsset Read(Assembly assembly, string resource, string path)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"";
        return new ConsoleAsset(bytes, ContentTypeOf(path), etag);
    }

    private static string ContentTypeOf(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".json" => "application/json",
        _ => "application/octet-stream",
    };
}
