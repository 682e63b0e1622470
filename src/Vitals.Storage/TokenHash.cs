using System.Security.Cryptography;
using System.Text;

namespace Vitals.Storage;

/// <summary>How bearer tokens are stored: never as such, only as the lower-case hex SHA-256 of their UTF-8 bytes.</summary>
public static class TokenHash
{
    public static string Compute(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }
}
