using System.Text;

namespace Vitals.Server.Tests.Fuzz;

/// <summary>Request bodies from a valid JSON template: mostly mutated fields, sometimes a body broken as a whole.</summary>
internal static class FuzzBodies
{
    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml",
        "application/json; charset=utf-16", "application/json; charset=latin1", "application/merge-patch+json", "*/*", "application/",
    ];

    /// <summary>A request carrying a body derived from <paramref name="template"/>.</summary>
    public static FuzzRequest Request(Random random, HttpMethod method, string target, FuzzJson template)
    {
        if (random.Next(4) > 0)
        {
            return FuzzRequest.Json(method, target, template.Mutate(random).Write());
        }

        var valid = Encoding.UTF8.GetBytes(template.Write());
        return random.Next(14) switch
        {
            0 => new FuzzRequest(method, target) { Body = [], ContentType = "application/json" },
            1 => FuzzRequest.Json(method, target, FuzzValues.Pick(random, ["{", "[]", "null", "\"x\"", "1", "{}{}", "{\"a\":1,}", "{'a':1}", " "])),
            2 => Bytes(method, target, [.. "{\"name\":\""u8, .. Invalid(random), .. "\"}"u8]),
            3 => Bytes(method, target, [.. Invalid(random), .. valid]),
            4 => Bytes(method, target, [0xEF, 0xBB, 0xBF, .. valid]),
            5 => FuzzRequest.Json(method, target, FuzzValues.Nested(random.Next(2) == 0 ? 65 : 20_000)),
            6 => FuzzRequest.Json(method, target, DeepObject(random.Next(2) == 0 ? 40 : 500)),
            7 => new FuzzRequest(method, target)
            {
                Body = Encoding.UTF8.GetBytes("{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\"}"), ContentType = "application/json", Huge = true,
            },
            8 => new FuzzRequest(method, target) { Body = valid },
            9 => Bytes(method, target, valid.AsSpan(0, random.Next(valid.Length)).ToArray()),
            10 => FuzzRequest.Json(method, target, "[" + template.Write() + "]"),
            _ => new FuzzRequest(method, target) { Body = valid, ContentType = FuzzValues.Pick(random, ContentTypes) },
        };
    }

    private static FuzzRequest Bytes(HttpMethod method, string target, byte[] body) => new(method, target) { Body = body, ContentType = "application/json" };

    /// <summary>Byte sequences that are not UTF-8: stray bytes, an overlong '/', an encoded surrogate, a cut sequence.</summary>
    private static byte[] Invalid(Random random) => random.Next(5) switch
    {
        0 => [0xFF, 0xFE],
        1 => [0xC0, 0xAF],
        2 => [0xED, 0xA0, 0x80],
        3 => [0xE2, 0x82],
        _ => [0x80],
    };

    private static string DeepObject(int depth)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            builder.Append("{\"a\":");
        }

        builder.Append('1').Append('}', depth);
        return builder.ToString();
    }
}
