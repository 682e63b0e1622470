using Vitals.Probes.Grpc;

namespace Vitals.Probes.Tests.Grpc;

public sealed class GrpcHealthCodecTests
{
    [Fact]
    public void EncodeRequest_EmptyService_IsAnEmptyMessageBehindTheFivebytePrefix()
    {
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0 }, GrpcHealthCodec.EncodeRequest(""));
    }

    [Fact]
    public void EncodeRequest_NamedService_WritesFieldOneAsAString()
    {
        var frame = GrpcHealthCodec.EncodeRequest("api");

        Assert.Equal(new byte[] { 0, 0, 0, 0, 5, 0x0A, 3, (byte)'a', (byte)'p', (byte)'i' }, frame);
    }

    [Fact]
    public void EncodeRequest_LongService_WritesAMultiByteLength()
    {
        var frame = GrpcHealthCodec.EncodeRequest(new string('s', 200));

        Assert.Equal(new byte[] { 0, 0, 0, 0, 203, 0x0A, 0xC8, 0x01 }, frame[..8]);
        Assert.Equal(208, frame.Length);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 2, 0x08, 0x01 }, 1)]
    [InlineData(new byte[] { 0, 0, 0, 0, 2, 0x08, 0x02 }, 2)]
    [InlineData(new byte[] { 0, 0, 0, 0, 2, 0x08, 0x03 }, 3)]
    [InlineData(new byte[] { 0, 0, 0, 0, 0 }, 0)]
    [InlineData(new byte[] { 0, 0, 0, 0, 4, 0x08, 0x02, 0x08, 0x01 }, 1)]
    // Unknown fields are skipped: a string in field 2, then SERVING, then a varint in field 5.
    [InlineData(new byte[] { 0, 0, 0, 0, 8, 0x12, 0x02, 0x68, 0x69, 0x08, 0x01, 0x28, 0x05 }, 1)]
    // Fixed 32- and 64-bit unknown fields are skipped too.
    [InlineData(new byte[] { 0, 0, 0, 0, 16, 0x1D, 1, 2, 3, 4, 0x21, 1, 2, 3, 4, 5, 6, 7, 8, 0x08, 0x02 }, 2)]
    public void Decode_ValidAnswers_GiveTheServingStatus(byte[] body, int expected)
    {
        Assert.Equal(GrpcFrameError.None, GrpcHealthCodec.TryReadSingleMessage(body, out var message));
        Assert.True(GrpcHealthCodec.TryDecodeResponse(message, out var status));
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData(new byte[] { }, GrpcFrameError.NoMessage)]
    [InlineData(new byte[] { 0, 0, 0 }, GrpcFrameError.Truncated)]
    [InlineData(new byte[] { 0, 0, 0, 0, 9, 0x08, 0x01 }, GrpcFrameError.Truncated)]
    [InlineData(new byte[] { 1, 0, 0, 0, 2, 0x08, 0x01 }, GrpcFrameError.Compressed)]
    [InlineData(new byte[] { 7, 0, 0, 0, 2, 0x08, 0x01 }, GrpcFrameError.BadFlag)]
    [InlineData(new byte[] { 0, 0, 0, 0, 2, 0x08, 0x01, 0, 0, 0, 0, 0 }, GrpcFrameError.TrailingBytes)]
    [InlineData(new byte[] { 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x08 }, GrpcFrameError.Truncated)]
    public void TryReadSingleMessage_BadFrames_SayWhatIsWrong(byte[] body, object expected)
    {
        Assert.Equal((GrpcFrameError)expected, GrpcHealthCodec.TryReadSingleMessage(body, out _));
    }

    [Theory]
    [InlineData(new byte[] { 0x08 })]
    [InlineData(new byte[] { 0x08, 0x80 })]
    [InlineData(new byte[] { 0x12, 0x05, 0x01 })]
    [InlineData(new byte[] { 0x0B })]
    [InlineData(new byte[] { 0x00, 0x01 })]
    [InlineData(new byte[] { 0x09, 1, 2, 3 })]
    [InlineData(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void TryDecodeResponse_NotProtobuf_IsRejected(byte[] message)
    {
        Assert.False(GrpcHealthCodec.TryDecodeResponse(message, out _));
    }

    [Fact]
    public void TryDecodeResponse_NegativeEnum_IsReadAsTheInt32ItEncodes()
    {
        byte[] message = [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];

        Assert.True(GrpcHealthCodec.TryDecodeResponse(message, out var status));
        Assert.Equal(-1, status);
    }

    [Theory]
    [InlineData(0, "OK")]
    [InlineData(12, "UNIMPLEMENTED")]
    [InlineData(16, "UNAUTHENTICATED")]
    [InlineData(42, "STATUS_42")]
    public void OfStatus_NamesCodes(int status, string name) => Assert.Equal(name, GrpcStatusNames.OfStatus(status));
}
