using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Vitals.Probes.Tcp.Native;

/// <summary>A <c>sockaddr_in</c> or <c>sockaddr_in6</c>, built once per target.</summary>
internal sealed class NativeSocketAddress
{
    private NativeSocketAddress(byte[] bytes, int family)
    {
        Bytes = bytes;
        Family = family;
    }

    public byte[] Bytes { get; }

    /// <summary><see cref="LibC.AfInet"/> or <see cref="LibC.AfInet6"/>.</summary>
    public int Family { get; }

    public static NativeSocketAddress From(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (endPoint.AddressFamily == AddressFamily.InterNetwork)
        {
            // struct sockaddr_in { sa_family_t family; in_port_t port (network order); struct in_addr; char zero[8]; }
            var v4 = new byte[16];
            BinaryPrimitives.WriteUInt16LittleEndian(v4, LibC.AfInet);
            BinaryPrimitives.WriteUInt16BigEndian(v4.AsSpan(2), (ushort)endPoint.Port);
            endPoint.Address.TryWriteBytes(v4.AsSpan(4, 4), out _);
            return new NativeSocketAddress(v4, LibC.AfInet);
        }

        // struct sockaddr_in6 { family; port (network order); uint32 flowinfo; struct in6_addr; uint32 scope_id; }
        var v6 = new byte[28];
        BinaryPrimitives.WriteUInt16LittleEndian(v6, LibC.AfInet6);
        BinaryPrimitives.WriteUInt16BigEndian(v6.AsSpan(2), (ushort)endPoint.Port);
        endPoint.Address.TryWriteBytes(v6.AsSpan(8, 16), out _);
        BinaryPrimitives.WriteUInt32LittleEndian(v6.AsSpan(24), (uint)endPoint.Address.ScopeId);
        return new NativeSocketAddress(v6, LibC.AfInet6);
    }
}
