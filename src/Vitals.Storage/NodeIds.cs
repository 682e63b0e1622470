using System.Buffers;

namespace Vitals.Storage;

/// <summary>
/// The id a node writes as the origin of its changes (<see cref="StoreChange.Origin"/>): given by the operator
/// (<c>vitals serve --node-id</c>) or made at start from the host name and a random suffix, so that two processes on
/// one host differ too.
/// </summary>
public static class NodeIds
{
    public const int MaxLength = 63;

    /// <summary>The rule, in words, for every message that refuses a node id (the server's options, <c>--node-id</c>, the store).</summary>
    public const string Rule = "1 to 63 letters, digits, '.', '_' or '-'";

    private static readonly SearchValues<char> s_allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    /// <summary>1 to 63 letters, digits, '.', '_' or '-' (it travels inside a space-separated notification).</summary>
    public static bool IsValid(string? nodeId) =>
        nodeId is { Length: > 0 and <= MaxLength } && !nodeId.AsSpan().ContainsAnyExcept(s_allowed);

    /// <summary>A new id: the host name (cut, with characters outside the allowed set dropped) and 8 random hex characters.</summary>
    public static string New(string hostName, Random random)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        ArgumentNullException.ThrowIfNull(random);
        Span<char> host = stackalloc char[32];
        var length = 0;
        foreach (var c in hostName)
        {
            if (length == host.Length)
            {
                break;
            }

            if (s_allowed.Contains(c))
            {
                host[length++] = c;
            }
        }

        Span<byte> bytes = stackalloc byte[4];
        random.NextBytes(bytes);
        var suffix = Convert.ToHexStringLower(bytes);
        return length == 0 ? $"node-{suffix}" : $"{host[..length]}-{suffix}";
    }
}
