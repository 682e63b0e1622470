using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vitals.Server.Dialects.Ovh.Signing;

/// <summary>
/// Verifies OVH's application-key signature (ovh-iplb.md §1.2):
/// <c>"$1$" + hex(SHA1(AS + "+" + CK + "+" + METHOD + "+" + URL + "+" + BODY + "+" + TIMESTAMP))</c>, where URL is
/// <c>https://</c> + the Host header without its port + the request target exactly as sent (node-ovh signs the
/// configured host name, never the port). No re-ordering or re-encoding: the client signed the bytes it sent.
/// </summary>
internal sealed class OvhSignatureVerifier
{
    private const string Prefix = "$1$";

    private readonly OvhCredentialLookup _lookup;
    private readonly TimeProvider _timeProvider;
    private readonly OvhSignatureOptions _options;

    public OvhSignatureVerifier(OvhCredentialLookup lookup, TimeProvider timeProvider, OvhSignatureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _lookup = lookup;
        _timeProvider = timeProvider;
        _options = options ?? new OvhSignatureOptions();
    }

    public async ValueTask<OvhAuthResult> VerifyAsync(OvhRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var applicationKey = request.ApplicationKey;
        if (string.IsNullOrEmpty(applicationKey))
        {
            return OvhErrors.InvalidKey(applicationKey);
        }

        if (string.IsNullOrEmpty(request.ConsumerKey))
        {
            return OvhErrors.NotLoggedIn(applicationKey);
        }

        var credential = await _lookup(applicationKey, request.ConsumerKey, cancellationToken);
        switch (credential.Status)
        {
            case OvhCredentialStatus.UnknownApplication:
                return OvhErrors.InvalidKey(applicationKey);
            case OvhCredentialStatus.UnknownConsumer:
                return OvhErrors.InvalidCredential(applicationKey);
        }

        if (!TimestampIsCurrent(request.Timestamp))
        {
            return OvhErrors.QueryOutOfTime(applicationKey);
        }

        var provided = request.Signature;
        if (provided is null || provided.Length != Prefix.Length + 40 || !provided.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return OvhErrors.InvalidSignature(applicationKey);
        }

        var providedBytes = Encoding.ASCII.GetBytes(provided.ToLowerInvariant());
        var host = request.Host;
        var withoutPort = StripPort(host);
        if (Matches(credential, request, withoutPort, providedBytes)
            || (_options.AcceptUrlWithPort && !string.Equals(withoutPort, host, StringComparison.Ordinal)
                && Matches(credential, request, host, providedBytes)))
        {
            return OvhAuthResult.Success(applicationKey, credential.ProjectId);
        }

        return OvhErrors.InvalidSignature(applicationKey);
    }

    /// <summary>The URL the client signed: <c>https://</c> + <paramref name="host"/> + <paramref name="rawTarget"/>.</summary>
    public static string SignedUrl(string host, string rawTarget) => "https://" + host + rawTarget;

    /// <summary><c>$1$</c> + lower-case hex SHA-1 of the documented <c>+</c>-joined fields; the body is taken as raw bytes.</summary>
    public static string ComputeSignature(string applicationSecret, string consumerKey, string method, string url,
        ReadOnlySpan<byte> body, string timestamp)
    {
        var head = Encoding.UTF8.GetBytes(applicationSecret + "+" + consumerKey + "+" + method.ToUpperInvariant() + "+" + url + "+");
        var tail = Encoding.UTF8.GetBytes("+" + timestamp);
        var length = head.Length + body.Length + tail.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            head.CopyTo(buffer, 0);
            body.CopyTo(buffer.AsSpan(head.Length));
            tail.CopyTo(buffer, head.Length + body.Length);
            // SHA-1 is what OVH's signature v1 is defined with; the service must speak it to verify real clients.
#pragma warning disable CA5350
            var hash = SHA1.HashData(buffer.AsSpan(0, length));
#pragma warning restore CA5350
            return Prefix + Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    /// <summary>The Host header without a trailing <c>:port</c> (IPv6 literals keep their brackets).</summary>
    public static string StripPort(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? host : host[..(close + 1)];
        }

        var colon = host.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && colon == host.LastIndexOf(':') ? host[..colon] : host;
    }

    private static bool Matches(OvhCredential credential, OvhRequest request, string host, byte[] provided)
    {
        var expected = ComputeSignature(credential.ApplicationSecret, request.ConsumerKey!, request.Method,
            SignedUrl(host, request.RawTarget), request.Body.Span, request.Timestamp!);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), provided);
    }

    private bool TimestampIsCurrent(string? timestamp)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var skew = Math.Abs((decimal)seconds - now);
        return skew <= (decimal)_options.MaxClockSkew.TotalSeconds;
    }
}
