using Vitals.Core.Targets;

namespace Vitals.Server;

public sealed partial class VitalsServerOptions
{
    /// <summary>
    /// Directories under which an HAProxy binding's runtime API may be a unix socket (each item may hold several separated
    /// by commas); null: <see cref="SocketPathPolicy.DefaultDirectories"/>; empty: no unix socket at all. See
    /// docs/security.md, "Target policy".
    /// </summary>
    /// <value>null (/run/haproxy, /var/run/haproxy)</value>
    public IList<string>? AllowSockets { get; set; }

    /// <summary>The socket policy these options ask for; null with <paramref name="errors"/> when a directory is bad.</summary>
    public SocketPathPolicy? SocketPolicy(ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (AllowSockets is null)
        {
            return SocketPathPolicy.Default;
        }

        var before = errors.Count;
        var directories = SocketPathPolicy.ParseList(AllowSockets, errors);
        return errors.Count > before ? null : new SocketPathPolicy(directories);
    }
}
