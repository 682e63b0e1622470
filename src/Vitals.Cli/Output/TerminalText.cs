using System.Globalization;
using System.Text;

namespace Vitals.Cli.Output;

/// <summary>
/// Makes backend data safe to print on a terminal: an answer is data, and an ESC, a carriage return or a
/// bidi override in it must not move the cursor, recolour the screen or reorder what a person reads.
/// </summary>
internal static class TerminalText
{
    /// <summary>
    /// <paramref name="text"/> with every control and format character written as an escape (<c>\e</c>,
    /// <c>\r</c>, <c>\x7f</c>, <c>\u202e</c>) and backslashes doubled, so the output is unambiguous.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (!NeedsEscape(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        AppendEscaped(sb, text);
        return sb.ToString();
    }

    public static void AppendEscaped(StringBuilder sb, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                case '\u001b': sb.Append(@"\e"); break;
                default:
                    if (IsUnsafe(c))
                    {
                        sb.Append(c <= '\u00ff' ? @"\x" : @"\u")
                            .Append(((int)c).ToString(c <= '\u00ff' ? "x2" : "x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }
    }

    private static bool NeedsEscape(string text)
    {
        foreach (var c in text)
        {
            if (c == '\\' || IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }

    // C0 and C1 controls (0x9b is a one-byte CSI on some terminals), DEL, and format characters such as the
    // bidi overrides; lone surrogates too, which a terminal would show as garbage.
    private static bool IsUnsafe(char c) => char.IsControl(c) || char.IsSurrogate(c)
        || (c > '\u00ff' && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);
}
