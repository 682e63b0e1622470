namespace Vitals.Cli.Client;

/// <summary>Where the server is and the token to send; <see cref="Source"/> says where each came from, for messages.</summary>
internal sealed record ServerConfig(Uri Server, string? Token, string Source);
