namespace Vitals.Server.Console;

/// <summary>One embedded console file: its bytes, media type and entity tag.</summary>
internal sealed record ConsoleAsset(byte[] Content, string ContentType, string ETag);
