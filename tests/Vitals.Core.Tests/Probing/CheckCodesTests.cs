using Vitals.Core.Probing;

namespace Vitals.Core.Tests.Probing;

public sealed class CheckCodesTests
{
    [Theory]
    [InlineData(CheckCode.Ini, "INI", "Initializing")]
    [InlineData(CheckCode.SockErr, "SOCKERR", "Socket error")]
    [InlineData(CheckCode.L4Ok, "L4OK", "Layer4 check passed")]
    [InlineData(CheckCode.L4Tout, "L4TOUT", "Layer4 timeout")]
    [InlineData(CheckCode.L4Con, "L4CON", "Layer4 connection problem")]
    [InlineData(CheckCode.L6Ok, "L6OK", "Layer6 check passed")]
    [InlineData(CheckCode.L6Tout, "L6TOUT", "Layer6 timeout")]
    [InlineData(CheckCode.L6Rsp, "L6RSP", "Layer6 invalid response")]
    [InlineData(CheckCode.L7Ok, "L7OK", "Layer7 check passed")]
    [InlineData(CheckCode.L7Tout, "L7TOUT", "Layer7 timeout")]
    [InlineData(CheckCode.L7Rsp, "L7RSP", "Layer7 invalid response")]
    [InlineData(CheckCode.L7Sts, "L7STS", "Layer7 wrong status")]
    public void ToWireAndDescribe_EveryValue_HaProxyNames(CheckCode code, string wire, string description)
    {
        Assert.Equal(wire, code.ToWire());
        Assert.Equal(description, code.Describe());
    }

    [Fact]
    public void ToWire_Table_CoversEveryValueOnce()
    {
        var wires = Enum.GetValues<CheckCode>().Select(c => c.ToWire()).ToArray();

        Assert.Equal(12, wires.Length);
        Assert.Equal(wires.Length, wires.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Mappers_UnknownValue_Throw()
    {
        var bogus = (CheckCode)200;

        Assert.Throws<ArgumentOutOfRangeException>(() => bogus.ToWire());
        Assert.Throws<ArgumentOutOfRangeException>(() => bogus.Describe());
    }
}
