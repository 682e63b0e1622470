using System.Globalization;
using System.Text;

namespace Vitals.Server.Tests.Fuzz;

/// <summary>
/// The hostile values the fuzz suite draws from, by kind: text (lone surrogates, NUL and other control characters,
/// over-long strings, odd Unicode), raw JSON values (numbers at and past every limit, wrong types, deep nesting), and
/// percent-encoded text for query strings and paths (including invalid UTF-8).
/// </summary>
internal static class FuzzValues
{
    private static readonly string[] Texts =
    [
        "\ud800", "\udc00", "a\udfffb", "\udc00\ud800", "x\ud83d", "\u0000", "a\u0000b", "\u0001", "\u001b[31mred", "\u007f", "\t\n\r",
        "", " ", "   padded   ", "🩺", "e\u0301", "\u202eevil", "\ufeff", "\uffff", "\ufffd", "ŝŭrŏgâtë", "名前", "null", "true", "0",
        "-1", "1e400", "NaN", "%00", "%ud800", "\\ud800", "../../etc/passwd", "' OR 1=1 --", "<script>alert(1)</script>", "${jndi:x}",
        "lb-00000000000000000000000000000000", "a/b", "a?b#c", "a&b=c", "a+b", "a;b", "127.0.0.1", "::1", "[::1]", "0x7f.1", "2130706433",
        "HTTP", "TCP", "UDP", "PING", "ROUND_ROBIN", "GET", "200-299", "/", "/health", "http://127.0.0.1:1/", "cn-hangzhou",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "2", "65535", "65536", "255", "256", "100", "101", "1000", "86400", "2147483647", "2147483648", "-2147483648",
        "-2147483649", "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e308", "1e400", "-1e400",
        "0.5", "1.0", "1E2", "1e-400", "123456789012345678901234567890", "0.0000001",
    ];

    /// <summary>A hostile string.</summary>
    public static string Text(Random random)
    {
        return random.Next(10) switch
        {
            0 => new string('a', random.Next(4) switch { 0 => 256, 1 => 1025, 2 => 10_000, _ => 100_000 }),
            1 => Texts[random.Next(Texts.Length)] + Texts[random.Next(Texts.Length)],
            2 => RandomChars(random, random.Next(1, 40)),
            _ => Texts[random.Next(Texts.Length)],
        };
    }

    /// <summary>A JSON value as text: a hostile string, a number at or past a limit, another type, or deep nesting.</summary>
    public static string RawJson(Random random)
    {
        return random.Next(12) switch
        {
            0 or 1 or 2 or 3 => FuzzJson.Quote(Text(random), random),
            4 or 5 or 6 => Numbers[random.Next(Numbers.Length)],
            7 => random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" },
            8 => random.Next(4) switch { 0 => "[]", 1 => "{}", 2 => "[1,\"a\",null]", _ => "{\"a\":{\"b\":[1]}}" },
            9 => Nested(random.Next(2) == 0 ? random.Next(2, 40) : random.Next(60, 3000)),
            10 => "{" + FuzzJson.Quote(Text(random), random) + ":1}",
            _ => "[" + FuzzJson.Quote(Text(random), random) + "]",
        };
    }

    /// <summary>A hostile query or path value, percent-encoded; sometimes with raw invalid UTF-8 escapes.</summary>
    public static string Escaped(Random random) => random.Next(6) switch
    {
        0 => random.Next(6) switch { 0 => "%FF", 1 => "%ED%A0%80", 2 => "%C0%AF", 3 => "%00", 4 => "%E2%82", _ => "%zz" },
        1 => Encode(Text(random)) + "%FF",
        _ => Encode(Text(random)),
    };

    /// <summary>
    /// Percent-encodes every byte outside the unreserved set. A lone surrogate becomes U+FFFD's bytes: the encoders of
    /// real clients cannot send one either.
    /// </summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    public static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string RandomChars(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = random.Next(4) switch
            {
                0 => (char)random.Next(0, 0x20),
                1 => (char)random.Next(0xD800, 0xE000),
                2 => (char)random.Next(0x20, 0x7F),
                _ => (char)random.Next(0x80, 0xFFFF),
            };
        }

        return new string(chars);
    }
}
