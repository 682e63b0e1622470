using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Vitals.Core.Notifications;

/// <summary>
/// Deterministic event ids: <c>evt-</c> and 20 lower-case hex characters of SHA-256 over the kind, the project, the
/// subject (member or pool id) and the instant. The same fact gives the same id on a retry or on another node that
/// saw the same instant, so a receiver can de-duplicate on it.
/// </summary>
public static class NotificationIds
{
    public const string Prefix = "evt-";

    /// <summary>Length of an id: the prefix and 20 hex characters (80 bits).</summary>
    public const int Length = 24;

    /// <param name="kind">What the event is.</param>
    /// <param name="projectId">The project.</param>
    /// <param name="subject">The member id, the pool id, or a discriminator for a test event.</param>
    /// <param name="at">The instant that makes the fact (a transition's, a window's start); compared in UTC ticks.</param>
    public static string Derive(NotificationKind kind, string projectId, string subject, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(subject);
        var wire = kind.ToWire();

        // kind \n project \n subject \n ticks: '\n' cannot appear in ids, so no two inputs share a preimage.
        var max = Encoding.UTF8.GetMaxByteCount(wire.Length + projectId.Length + subject.Length) + 3 + 20;
        var rented = max <= 512 ? null : ArrayPool<byte>.Shared.Rent(max);
        var buffer = rented ?? stackalloc byte[512];
        try
        {
            var n = Encoding.UTF8.GetBytes(wire, buffer);
            buffer[n++] = (byte)'\n';
            n += Encoding.UTF8.GetBytes(projectId, buffer[n..]);
            buffer[n++] = (byte)'\n';
            n += Encoding.UTF8.GetBytes(subject, buffer[n..]);
            buffer[n++] = (byte)'\n';
            at.UtcTicks.TryFormat(buffer[n..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
            n += written;

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..n], hash);
            return string.Concat(Prefix, Convert.ToHexStringLower(hash[..10]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
