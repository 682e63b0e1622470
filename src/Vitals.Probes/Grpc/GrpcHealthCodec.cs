using System.Buffers.Binary;
using System.Text;

namespace Vitals.Probes.Grpc;

/// <summary>
/// The wire format of <c>grpc.health.v1.Health/Check</c>, written by hand: the gRPC 5-byte message prefix
/// (compressed flag, big-endian length) and the two tiny protobuf messages. Grpc.Net.Client would reuse its
/// connections and fold connect, TLS and HTTP/2 failures into one status, where a check wants a fresh connection
/// and the failed phase (docs/grpc-probe.md); Google.Protobuf would be a whole runtime for one string field and one
/// enum field.
/// </summary>
/// <remarks>
/// <c>HealthCheckRequest { string service = 1; }</c> and
/// <c>HealthCheckResponse { ServingStatus status = 1; }</c> (proto3: a default value is not written, so the
/// request for service "" and the answer UNKNOWN are both empty messages).
/// </remarks>
internal static class GrpcHealthCodec
{
    /// <summary>Compressed flag (1 byte) and message length (4 bytes, big-endian).</summary>
    public const int PrefixLength = 5;

    private const int MaxVarintBytes = 10;
    private const int WireVarint = 0, WireFixed64 = 1, WireLengthDelimited = 2, WireFixed32 = 5;
    private const byte ServiceFieldTag = (1 << 3) | WireLengthDelimited;
    private const int StatusField = 1;

    /// <summary>One whole gRPC request frame: prefix and <c>HealthCheckRequest{service}</c>.</summary>
    public static byte[] EncodeRequest(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var name = Encoding.UTF8.GetBytes(service);
        var payloadLength = name.Length == 0 ? 0 : 1 + VarintLength((uint)name.Length) + name.Length;
        var frame = new byte[PrefixLength + payloadLength];
        frame[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payloadLength);
        if (name.Length > 0)
        {
            frame[PrefixLength] = ServiceFieldTag;
            var position = PrefixLength + 1 + WriteVarint(frame.AsSpan(PrefixLength + 1), (uint)name.Length);
            name.CopyTo(frame.AsSpan(position));
        }

        return frame;
    }

    /// <summary>
    /// Reads the body of a unary answer, which must hold exactly one uncompressed message, and returns that
    /// message's bytes.
    /// </summary>
    public static GrpcFrameError TryReadSingleMessage(ReadOnlySpan<byte> body, out ReadOnlySpan<byte> message)
    {
        message = default;
        if (body.IsEmpty)
        {
            return GrpcFrameError.NoMessage;
        }

        if (body.Length < PrefixLength)
        {
            return GrpcFrameError.Truncated;
        }

        switch (body[0])
        {
            case 0:
                break;
            case 1:
                return GrpcFrameError.Compressed;
            default:
                return GrpcFrameError.BadFlag;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(body[1..]);
        var available = (uint)(body.Length - PrefixLength);
        if (length > available)
        {
            return GrpcFrameError.Truncated;
        }

        if (length < available)
        {
            return GrpcFrameError.TrailingBytes;
        }

        message = body[PrefixLength..];
        return GrpcFrameError.None;
    }

    /// <summary>
    /// Decodes <c>HealthCheckResponse</c>: the value of field 1 (UNKNOWN, 0, when absent, as proto3 says), the last
    /// one winning as protobuf says; other fields are skipped. False when the bytes are not valid protobuf.
    /// </summary>
    public static bool TryDecodeResponse(ReadOnlySpan<byte> message, out int servingStatus)
    {
        servingStatus = (int)GrpcServingStatus.Unknown;
        var position = 0;
        while (position < message.Length)
        {
            if (!TryReadVarint(message, ref position, out var tag) || tag >> 3 == 0 || tag >> 3 > int.MaxValue)
            {
                return false;
            }

            var field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case WireVarint:
                    if (!TryReadVarint(message, ref position, out var value))
                    {
                        return false;
                    }

                    if (field == StatusField)
                    {
                        // An enum is an int32; a negative one is sign-extended to 64 bits on the wire.
                        servingStatus = unchecked((int)value);
                    }

                    break;
                case WireFixed64:
                    if (!TrySkip(message, ref position, 8))
                    {
                        return false;
                    }

                    break;
                case WireLengthDelimited:
                    if (!TryReadVarint(message, ref position, out var length) || length > int.MaxValue
                        || !TrySkip(message, ref position, (int)length))
                    {
                        return false;
                    }

                    break;
                case WireFixed32:
                    if (!TrySkip(message, ref position, 4))
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    private static bool TrySkip(ReadOnlySpan<byte> message, ref int position, int count)
    {
        if (count > message.Length - position)
        {
            return false;
        }

        position += count;
        return true;
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> buffer, ref int position, out ulong value)
    {
        value = 0;
        for (var i = 0; i < MaxVarintBytes && position < buffer.Length; i++)
        {
            var b = buffer[position++];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    private static int VarintLength(uint value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }

        return length;
    }

    private static int WriteVarint(Span<byte> destination, uint value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }
}
