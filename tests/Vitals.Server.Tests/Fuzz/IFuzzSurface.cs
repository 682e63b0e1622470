namespace Vitals.Server.Tests.Fuzz;

/// <summary>One surface of the server under fuzz: the requests it is sent, and the error shape its 4xx answers have.</summary>
internal interface IFuzzSurface
{
    /// <summary>The next request, drawn from <paramref name="random"/> only (so a seed replays the run).</summary>
    FuzzRequest Next(Random random);

    /// <summary>Why a 4xx JSON body is not in this surface's error shape, or null when it is.</summary>
    string? CheckError(System.Text.Json.JsonElement body);

    /// <summary>What a refused request could have changed, summarised; compared before and after each 4xx.</summary>
    Task<string> DigestAsync();
}
