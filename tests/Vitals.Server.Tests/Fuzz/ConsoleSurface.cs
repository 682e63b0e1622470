using System.Globalization;
using System.Text.Json;
using Vitals.Server.Tests.Api;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Fuzz;

/// <summary>
/// The web console's own routes (<c>/</c>, <c>/console/...</c>) with hostile paths, queries and validators, and the
/// console's calls into the native API (<c>/api/v1/...</c> with a project token), which <see cref="NativeSurface"/>
/// also covers field by field.
/// </summary>
internal sealed class ConsoleSurface(RecordingFleetObserver recorder, NativeSurface native) : IFuzzSurface
{
    private static readonly string[] Files = ["", "index.html", "app.js", "app.css", "favicon.svg", "..", "%2e%2e/%2e%2e/etc/passwd", "index.html/"];

    public static async Task<ConsoleSurface> StartAsync(RunningServer server, RecordingFleetObserver recorder) =>
        new(recorder, await NativeSurface.StartAsync(server, recorder));

    public FuzzRequest Next(Random random)
    {
        var method = random.Next(3) == 0 ? HttpMethod.Head : HttpMethod.Get;
        return random.Next(6) switch
        {
            0 => new FuzzRequest(method, "/" + FuzzQuery.Of(random, ["lang", "token", "x"])),
            1 => new FuzzRequest(method, "/console/" + FuzzValues.Pick(random, Files))
            {
                Headers = [new("If-None-Match", random.Next(2) == 0 ? "\"" + FuzzValues.Encode(FuzzValues.Text(random)) + "\"" : "*")],
            },
            2 or 3 => new FuzzRequest(method, "/console/" + FuzzQuery.Hostile(random) + FuzzQuery.Of(random, ["v"])),
            _ => native.Next(random),
        };
    }

    public string? CheckError(JsonElement body) => native.CheckError(body);

    public Task<string> DigestAsync() => Task.FromResult(recorder.Changes.Count.ToString(CultureInfo.InvariantCulture));
}
