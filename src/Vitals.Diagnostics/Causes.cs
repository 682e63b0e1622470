namespace Vitals.Diagnostics;

/// <summary>
/// The stable cause codes of findings (documented in <c>docs/diagnose.md</c>). Among problems, a lower
/// <see cref="Rank"/> is the more likely (or more fundamental) cause and is reported first.
/// </summary>
public static class Causes
{
    public const string CheckDisabled = "CHECK_DISABLED";
    public const string PortMismatch = "PORT_MISMATCH";
    public const string LoopbackOnly = "LOOPBACK_ONLY";
    public const string OtherAddressOnly = "OTHER_ADDRESS_ONLY";
    public const string NothingListening = "NOTHING_LISTENING";
    public const string UdpNotListening = "UDP_NOT_LISTENING";
    public const string FirewallDrop = "FIREWALL_DROP";
    public const string HostUnreachable = "HOST_UNREACHABLE";
    public const string ConnectionReset = "CONNECTION_RESET";
    public const string PlaintextOnTlsPort = "PLAINTEXT_ON_TLS_PORT";
    public const string TlsRequired = "TLS_REQUIRED";
    public const string TlsFailure = "TLS_FAILURE";
    public const string WrongHost = "WRONG_HOST";
    public const string PathNotFound = "PATH_NOT_FOUND";
    public const string Redirect = "REDIRECT";
    public const string AuthRequired = "AUTH_REQUIRED";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string ServerError = "SERVER_ERROR";
    public const string ExpectedCodesTooNarrow = "EXPECTED_CODES_TOO_NARROW";
    public const string UnexpectedStatus = "UNEXPECTED_STATUS";
    public const string NotHttp = "NOT_HTTP";
    public const string GrpcNotServing = "GRPC_NOT_SERVING";
    public const string ResponseTimeout = "RESPONSE_TIMEOUT";
    public const string CheckFailed = "CHECK_FAILED";
    public const string Flapping = "FLAPPING";
    public const string SlowResponse = "SLOW_RESPONSE";
    public const string LatencyRising = "LATENCY_RISING";
    public const string DynamicCheckPage = "DYNAMIC_CHECK_PAGE";
    public const string SettingsOutOfRange = "SETTINGS_OUT_OF_RANGE";
    public const string UdpInconclusive = "UDP_INCONCLUSIVE";
    public const string Healthy = "HEALTHY";

    /// <summary>
    /// Every code, most likely first: a cause that explains another comes before it (a port mismatch explains a
    /// refused check port; a wrong Host explains a 404), and layer 4 before layer 6 before layer 7 before warnings.
    /// </summary>
    public static IReadOnlyList<string> All { get; } =
    [
        CheckDisabled, PortMismatch, LoopbackOnly, OtherAddressOnly, NothingListening, UdpNotListening, FirewallDrop, HostUnreachable,
        ConnectionReset, PlaintextOnTlsPort, TlsRequired, TlsFailure, WrongHost, PathNotFound, Redirect, AuthRequired,
        MethodNotAllowed, ServerError, ExpectedCodesTooNarrow, UnexpectedStatus, NotHttp, GrpcNotServing, ResponseTimeout,
        CheckFailed, Flapping, SlowResponse, LatencyRising, DynamicCheckPage, SettingsOutOfRange, UdpInconclusive, Healthy,
    ];

    /// <summary>The position of <paramref name="cause"/> in <see cref="All"/>; unknown codes go last.</summary>
    public static int Rank(string cause)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], cause, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
