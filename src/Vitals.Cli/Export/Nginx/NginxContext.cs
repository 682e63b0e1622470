namespace Vitals.Cli.Export.Nginx;

/// <summary>The nginx context an upstream belongs in: <c>http { }</c> for HTTP, HTTPS and gRPC pools, <c>stream { }</c> for the rest.</summary>
internal enum NginxContext
{
    Http,
    Stream,
}
