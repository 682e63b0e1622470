using System.ComponentModel.DataAnnotations;

namespace Vitals.Server;

/// <summary>Settings of <c>vitals serve</c>.</summary>
public sealed class VitalsServerOptions
{
    /// <summary>Where the HTTP API and console listen.</summary>
    /// <value>127.0.0.1:8080</value>
    [Required]
    public string Listen { get; set; } = "127.0.0.1:8080";

    /// <summary>Directory of the SQLite database (created when missing).</summary>
    /// <value>./data</value>
    [Required]
    public string DataDir { get; set; } = "data";

    /// <summary>The token that may create projects and their tokens; none means no admin access.</summary>
    public string? AdminToken { get; set; }

    /// <summary>Adds a demo project whose fleet runs inside the process.</summary>
    public bool Demo { get; set; }

    /// <summary>Largest request body accepted, in bytes.</summary>
    /// <value>1 MiB</value>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
