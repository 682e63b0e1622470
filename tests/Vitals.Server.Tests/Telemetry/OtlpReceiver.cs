using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vitals.Server.Tests.Telemetry;

/// <summary>
/// The smallest OTLP/HTTP receiver: on 127.0.0.1 (an ephemeral port) it accepts every POST under <c>/v1/</c>, keeps its
/// path, content type and body, and answers 200 with an empty protobuf message (an export response without errors).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<(string Path, string? ContentType, byte[] Body)> Posts { get; } = new();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        OtlpReceiver? receiver = null;
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            receiver!.Posts.Enqueue((context.Request.Path.Value!, context.Request.ContentType, body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new OtlpReceiver(app, new Uri(address));
        return receiver;
    }

    /// <summary>The POSTs received on <paramref name="path"/> (e.g. <c>/v1/traces</c>).</summary>
    public IReadOnlyList<(string Path, string? ContentType, byte[] Body)> To(string path) => [.. Posts.Where(p => p.Path == path)];

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
