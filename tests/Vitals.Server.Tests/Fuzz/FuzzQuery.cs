namespace Vitals.Server.Tests.Fuzz;

/// <summary>Query strings and path segments for the fuzz: valid values mixed with hostile ones.</summary>
internal static class FuzzQuery
{
    /// <summary><c>?a=b&amp;...</c> with one to three of <paramref name="names"/> (or a hostile name), or an empty string.</summary>
    public static string Of(Random random, IReadOnlyList<string> names, IReadOnlyDictionary<string, string>? valid = null)
    {
        if (random.Next(5) == 0)
        {
            return "";
        }

        var parts = new List<string>();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var name = random.Next(8) == 0 ? FuzzValues.Escaped(random) : FuzzValues.Pick(random, names);
            var value = valid is not null && valid.TryGetValue(name, out var good) && random.Next(3) == 0 ? good : FuzzValues.Escaped(random);
            parts.Add(random.Next(12) == 0 ? name : name + "=" + value);
        }

        return "?" + string.Join('&', parts);
    }

    /// <summary>The real id most of the time (to reach the handler), else a hostile segment.</summary>
    public static string Id(Random random, string valid) => random.Next(2) == 0 ? valid : Hostile(random);

    /// <summary>A hostile path segment (never empty, so the route shape stays).</summary>
    public static string Hostile(Random random) => FuzzValues.Escaped(random) is { Length: > 0 } segment ? segment : "%20";
}
