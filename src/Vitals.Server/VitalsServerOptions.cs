using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Vitals.Engine;
using Vitals.Storage;

namespace Vitals.Server;

/// <summary>Settings of <c>vitals serve</c>.</summary>
/// <remarks>
/// Ranges are DataAnnotations checked by <see cref="VitalsServerOptionsValidator"/>, the rest by
/// <see cref="VitalsServerOptionsCrossFieldValidator"/>; <see cref="VitalsServer.BuildAsync"/> refuses options failing either.
/// </remarks>
public sealed partial class VitalsServerOptions
{
    /// <summary>Where the HTTP API and console listen.</summary>
    /// <value>127.0.0.1:8080</value>
    [Required]
    public string Listen { get; set; } = "127.0.0.1:8080";

    /// <summary>
    /// Where the store is: null (or <c>sqlite</c>) for the embedded SQLite file in <see cref="DataDir"/>; a PostgreSQL
    /// URL <c>postgres://user:password@host:port/database</c> or connection string <c>Host=...;Database=...</c> for a
    /// database several nodes share (see docs/storage.md).
    /// </summary>
    public string? Store { get; set; }

    /// <summary>
    /// This node's name in a store several nodes share: the origin of the changes it writes, which it skips when
    /// following the others' (1 to 63 letters, digits, '.', '_' or '-'); null: the host name and a random suffix.
    /// </summary>
    [NodeId]
    public string? NodeId { get; set; }

    /// <summary>Directory of the SQLite database (created when missing) and of the generated TLS certificate.</summary>
    /// <value>./data</value>
    [Required]
    public string DataDir { get; set; } = "data";

    /// <summary>
    /// The key file that encrypts the dialects' secrets in the store (32 bytes in base64), created 0600 on first start
    /// when missing; nodes sharing a PostgreSQL store need the same file. Null: <c>&lt;DataDir&gt;/secrets.key</c>.
    /// </summary>
    public string? SecretsKeyFile { get; set; }

    /// <summary>
    /// The token that may create projects and their tokens; none means no admin access. At least
    /// <see cref="MinAdminTokenLength"/> characters: it is the one credential that opens every project.
    /// </summary>
    [MinLength(MinAdminTokenLength)]
    public string? AdminToken { get; set; }

    public const int MinAdminTokenLength = 24;

    /// <summary>How failed authentications are slowed down per source address (docs/security.md).</summary>
    /// <value>20 failures at once, one more per second</value>
    [Required]
    [ValidateObjectMembers]
    public Auth.FailedAuthOptions FailedAuth { get; set; } = new();

    /// <summary>Adds a demo project whose fleet runs inside the process.</summary>
    public bool Demo { get; set; }

    /// <summary>
    /// Where the HTTPS listener listens (ADDRESS:PORT), serving the same endpoints as <see cref="Listen"/>; null: no HTTPS.
    /// OVH's clients speak only HTTPS.
    /// </summary>
    public string? TlsListen { get; set; }

    /// <summary>
    /// Certificate of the HTTPS listener: PEM (key in the same file or in <see cref="TlsKeyPath"/>) or PKCS#12 without a
    /// password; null: a self-signed certificate generated into <c>&lt;DataDir&gt;/tls/</c> on first start and reused.
    /// </summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>PEM private key of <see cref="TlsCertificatePath"/> when it is not in the certificate file.</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>
    /// Check results the engine keeps per member in memory (<c>GET /api/v1/members/{id}/history</c> <c>results</c>, the
    /// console's latency chart, diagnosis); see docs/live-status.md for the memory this costs.
    /// </summary>
    /// <value>30</value>
    [Range(MinResultHistory, MaxResultHistory)]
    public int ResultHistory { get; set; } = 30;

    public const int MinResultHistory = 1;
    public const int MaxResultHistory = 100;

    /// <summary>Largest request body accepted, in bytes.</summary>
    /// <value>1 MiB</value>
    [Range(1024L, 64L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The scheduler's figures (in-flight limit, tick, jitter, skip, lag window, flap policy). Its tracker's history
    /// length is <see cref="ResultHistory"/>, which replaces <c>Engine.Tracker.HistoryLength</c>.
    /// </summary>
    /// <value>the <see cref="EngineOptions"/> defaults</value>
    // SYSLIB1212: the flap policy (in Core, no options dependency) is checked by the cross-field validator instead.
#pragma warning disable SYSLIB1212
    [Required]
    [ValidateObjectMembers]
    public EngineOptions Engine { get; set; } = new();
#pragma warning restore SYSLIB1212

    /// <summary>Every range and rule of these options (the engine's included) in one verdict, the way the host checks them.</summary>
    public static ValidateOptionsResult Check(VitalsServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        builder.AddResult(new VitalsServerOptionsValidator().Validate(null, options));
        builder.AddResult(new VitalsServerOptionsCrossFieldValidator().Validate(null, options));
        return builder.Build();
    }

    /// <summary>The engine's options as the server runs them: <see cref="Engine"/> with <see cref="ResultHistory"/> as history length.</summary>
    internal EngineOptions EffectiveEngine() => new()
    {
        MaxInFlight = Engine.MaxInFlight,
        Tick = Engine.Tick,
        Jitter = Engine.Jitter,
        JitterCap = Engine.JitterCap,
        SkipAfter = Engine.SkipAfter,
        LagWindow = Engine.LagWindow,
        Tracker = Engine.Tracker with { HistoryLength = ResultHistory },
    };
}
