namespace Vitals.Core.Resources;

/// <summary>The id prefix of each kind of resource.</summary>
public static class ResourceIds
{
    public const string Project = "prj";
    public const string LoadBalancer = "lb";
    public const string Listener = "lsn";
    public const string ServerGroup = "sgp";
    public const string Member = "mbr";
    public const string HealthMonitor = "hm";
    public const string Instance = "i";
    public const string HaproxyBinding = "hab";
    public const string Webhook = "whk";
    public const string Alertmanager = "am";

    /// <summary>A new id: the prefix, a dash and 20 lower-case hex characters from <paramref name="random"/>.</summary>
    public static string New(string prefix, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[10];
        random.NextBytes(bytes);
        return $"{prefix}-{Convert.ToHexStringLower(bytes)}";
    }
}
