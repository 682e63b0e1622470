using Vitals.Core.Targets;
using Vitals.Core.Traffic;
using Vitals.Core.Validation;

namespace Vitals.Core.Resources;

/// <summary>
/// Rules of the fields only an HAProxy binding has: its runtime API address and its backend names. Whether the pools
/// named belong to the load balancer is the fleet service's to check (it needs the store).
/// </summary>
public static class HaproxyBindingRules
{
    /// <summary>At most this many pools can be given a backend name.</summary>
    public const int MaxBackends = 1000;

    /// <summary>
    /// The runtime API address: its syntax, and the policy for what it reaches (a unix socket under an allowed directory;
    /// a TCP address is checked by the caller's <see cref="TargetPolicy"/>). Returns it parsed, or null with an error added.
    /// </summary>
    public static HaproxyRuntimeApi? RuntimeApi(FieldErrorList errors, string? text, bool required, SocketPathPolicy sockets)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(sockets);
        if (text is null)
        {
            if (required)
            {
                errors.Add("runtime_api", "is required: " + HaproxyRuntimeApi.Rule[8..]);
            }

            return null;
        }

        var api = HaproxyRuntimeApi.TryParse(text);
        if (api is null)
        {
            errors.Add("runtime_api", $"{HaproxyRuntimeApi.Rule}, unix paths without '..' and at most "
                + $"{HaproxyRuntimeApi.MaxSocketPathBytes} bytes (got '{Cut(text)}')");
            return null;
        }

        if (api.SocketPath is { } path && sockets.Refusal(path) is { } refusal)
        {
            errors.Add("runtime_api", refusal);
            return null;
        }

        return api;
    }

    /// <summary>Every backend name must be an HAProxy identifier; pool ids must not be empty; the map is bounded.</summary>
    public static void Backends(FieldErrorList errors, IReadOnlyDictionary<string, string>? backends)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (backends is null)
        {
            return;
        }

        if (backends.Count > MaxBackends)
        {
            errors.Add("backends", $"must name at most {MaxBackends} pools (got {backends.Count})");
            return;
        }

        foreach (var (poolId, backend) in backends)
        {
            if (poolId.Length == 0)
            {
                errors.Add("backends", "keys must be pool ids (got an empty key)");
                continue;
            }

            if (backend is null || backend.Length > HaproxyNames.MaxIdentifierLength || !HaproxyNames.IsIdentifier(backend))
            {
                errors.Add($"backends.{poolId}", $"must be an HAProxy backend name: 1 to {HaproxyNames.MaxIdentifierLength} "
                    + $"ASCII letters, digits, '-', '_', '.' and ':' (got '{Cut(backend ?? "null")}')");
            }
        }
    }

    private static string Cut(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
