using Vitals.Core.Probing;

namespace Vitals.Core.Tests.Probing;

public sealed class ReasonCodesTests
{
    private static readonly string[] NlbCodes =
    [
        "CONNECT_TIMEOUT", "CONNECT_FAILED", "RECV_RESPONSE_TIMEOUT", "CONNECT_INTERRUPT", "HTTP_CODE_NOT_MATCH", "HTTP_INVALID_HEADER",
    ];

    public static TheoryData<ReasonCode> All() => new(Enum.GetValues<ReasonCode>());

    [Theory]
    [InlineData(ReasonCode.None, null, null)]
    [InlineData(ReasonCode.ConnectTimeout, "CONNECT_TIMEOUT", "CONNECT_TIMEOUT")]
    [InlineData(ReasonCode.ConnectFailed, "CONNECT_FAILED", "CONNECT_FAILED")]
    [InlineData(ReasonCode.RecvResponseTimeout, "RECV_RESPONSE_TIMEOUT", "RECV_RESPONSE_TIMEOUT")]
    [InlineData(ReasonCode.ConnectInterrupt, "CONNECT_INTERRUPT", "CONNECT_INTERRUPT")]
    [InlineData(ReasonCode.HttpCodeNotMatch, "HTTP_CODE_NOT_MATCH", "HTTP_CODE_NOT_MATCH")]
    [InlineData(ReasonCode.HttpInvalidHeader, "HTTP_INVALID_HEADER", "HTTP_INVALID_HEADER")]
    [InlineData(ReasonCode.TlsHandshakeFailed, "TLS_HANDSHAKE_FAILED", "CONNECT_INTERRUPT")]
    [InlineData(ReasonCode.TlsHandshakeTimeout, "TLS_HANDSHAKE_TIMEOUT", "RECV_RESPONSE_TIMEOUT")]
    [InlineData(ReasonCode.GrpcNotServing, "GRPC_NOT_SERVING", "HTTP_CODE_NOT_MATCH")]
    [InlineData(ReasonCode.GrpcStatusNotMatch, "GRPC_STATUS_NOT_MATCH", "HTTP_CODE_NOT_MATCH")]
    [InlineData(ReasonCode.GrpcInvalidResponse, "GRPC_INVALID_RESPONSE", "HTTP_INVALID_HEADER")]
    [InlineData(ReasonCode.SocketError, "SOCKET_ERROR", "CONNECT_FAILED")]
    public void ToWireAndToNlb_EveryValue_MapsAsDocumented(ReasonCode code, string? wire, string? nlb)
    {
        Assert.Equal(wire, code.ToWire());
        Assert.Equal(nlb, code.ToNlb());
    }

    [Fact]
    public void ToWireAndToNlb_Table_CoversEveryValue()
    {
        // Guards the theory above: a new enum value must get its own row there (and in docs/health-states.md).
        Assert.Equal(13, Enum.GetValues<ReasonCode>().Length);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void ToNlb_EveryValue_IsOneOfTheSixOrNullForNone(ReasonCode code)
    {
        var nlb = code.ToNlb();

        if (code == ReasonCode.None)
        {
            Assert.Null(nlb);
        }
        else
        {
            Assert.Contains(nlb, NlbCodes);
        }
    }

    [Fact]
    public void ToNlb_TheSixNlbCodes_MapToThemselvesAndAreAllReached()
    {
        var reached = Enum.GetValues<ReasonCode>().Select(c => c.ToNlb()).OfType<string>().Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(NlbCodes.Order(StringComparer.Ordinal), reached);
        foreach (var nlb in NlbCodes)
        {
            Assert.True(ReasonCodes.TryParse(nlb, out var code));
            Assert.Equal(nlb, code.Value.ToNlb());
        }
    }

    [Fact]
    public void ToWire_EveryValue_IsUniqueUpperSnakeCase()
    {
        var names = Enum.GetValues<ReasonCode>().Where(c => c != ReasonCode.None).Select(c => c.ToWire()!).ToArray();

        Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(names, n => Assert.Matches("^[A-Z]+(_[A-Z]+)*$", n));
    }

    [Theory]
    [MemberData(nameof(All))]
    public void TryParse_WireName_RoundTrips(ReasonCode code)
    {
        if (code == ReasonCode.None)
        {
            Assert.False(ReasonCodes.TryParse("NONE", out _));
            return;
        }

        var wire = code.ToWire();

        Assert.True(ReasonCodes.TryParse(wire, out var parsed));
        Assert.Equal(code, parsed);
        Assert.True(ReasonCodes.TryParse(wire!.ToLowerInvariant(), out var lower));
        Assert.Equal(code, lower);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("None")]
    [InlineData("CONNECT-TIMEOUT")]
    [InlineData(" CONNECT_TIMEOUT")]
    [InlineData("CONNECT_REFUSED")]
    [InlineData("ConnectTimeout")]
    public void TryParse_NotAWireName_False(string? text)
    {
        Assert.False(ReasonCodes.TryParse(text, out var code));
        Assert.Null(code);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Describe_EveryValue_HasAPhrase(ReasonCode code) => Assert.False(string.IsNullOrWhiteSpace(code.Describe()));

    [Fact]
    public void Mappers_UnknownValue_Throw()
    {
        var bogus = (ReasonCode)200;

        Assert.Throws<ArgumentOutOfRangeException>(() => bogus.ToWire());
        Assert.Throws<ArgumentOutOfRangeException>(() => bogus.ToNlb());
        Assert.Throws<ArgumentOutOfRangeException>(() => bogus.Describe());
    }
}
