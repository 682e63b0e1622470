namespace Vitals.Core.Probing;

/// <summary>Wire names and HAProxy's descriptions of <see cref="CheckCode"/>.</summary>
public static class CheckCodes
{
    public static string ToWire(this CheckCode code) => code switch
    {
        CheckCode.Ini => "INI",
        CheckCode.SockErr => "SOCKERR",
        CheckCode.L4Ok => "L4OK",
        CheckCode.L4Tout => "L4TOUT",
        CheckCode.L4Con => "L4CON",
        CheckCode.L6Ok => "L6OK",
        CheckCode.L6Tout => "L6TOUT",
        CheckCode.L6Rsp => "L6RSP",
        CheckCode.L7Ok => "L7OK",
        CheckCode.L7Tout => "L7TOUT",
        CheckCode.L7Rsp => "L7RSP",
        CheckCode.L7Sts => "L7STS",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    /// <summary>HAProxy's own description of the code (the start of its one-line check status).</summary>
    public static string Describe(this CheckCode code) => code switch
    {
        CheckCode.Ini => "Initializing",
        CheckCode.SockErr => "Socket error",
        CheckCode.L4Ok => "Layer4 check passed",
        CheckCode.L4Tout => "Layer4 timeout",
        CheckCode.L4Con => "Layer4 connection problem",
        CheckCode.L6Ok => "Layer6 check passed",
        CheckCode.L6Tout => "Layer6 timeout",
        CheckCode.L6Rsp => "Layer6 invalid response",
        CheckCode.L7Ok => "Layer7 check passed",
        CheckCode.L7Tout => "Layer7 timeout",
        CheckCode.L7Rsp => "Layer7 invalid response",
        CheckCode.L7Sts => "Layer7 wrong status",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };
}
