using System.Security.Cryptography;
using System.Text;

namespace Vitals.Storage.Secrets;

/// <summary>
/// The 256-bit key that encrypts the dialects' secrets in the store, kept in a file apart from the database: one line,
/// the key in base64 (<c>head -c 32 /dev/urandom | base64</c> makes one). Nodes sharing a PostgreSQL store share this
/// file. Its <see cref="Id"/> (a hash of the key, not the key) is written beside every ciphertext, so a node holding
/// another key says so at start instead of failing a request.
/// </summary>
public sealed class SecretsKey
{
    /// <summary>The key's length in bytes (AES-256).</summary>
    public const int Length = 32;

    private readonly byte[] _key;

    private SecretsKey(byte[] key, string path)
    {
        _key = key;
        Path = path;
        Id = Convert.ToHexStringLower(SHA256.HashData([.. "vitals-secrets-key-id:"u8, .. key]).AsSpan(0, 4));
    }

    /// <summary>Where the key was read from (for messages).</summary>
    public string Path { get; }

    /// <summary>Eight hex digits naming the key in ciphertexts and messages; it tells nothing of the key.</summary>
    public string Id { get; }

    /// <summary>Whether the file did not exist and was created by this call.</summary>
    public bool Created { get; private init; }

    internal ReadOnlySpan<byte> Bytes => _key;

    /// <summary>
    /// Reads the key at <paramref name="path"/>; when there is no such file and <paramref name="create"/> holds, makes a
    /// new random key and writes it there 0600 (its directory 0700 when missing). Two processes creating it at once
    /// end up with the same key: the loser of the race reads the winner's.
    /// </summary>
    /// <exception cref="SecretsKeyException">The file is unreadable or does not hold a key.</exception>
    public static SecretsKey LoadOrCreate(string path, bool create)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full) && create)
        {
            var key = RandomNumberGenerator.GetBytes(Length);
            try
            {
                if (System.IO.Path.GetDirectoryName(full) is { Length: > 0 } directory && !Directory.Exists(directory))
                {
                    OwnerOnlyFiles.CreateDirectory(directory);
                }

                OwnerOnlyFiles.Write(full, Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"), replace: false);
                return new SecretsKey(key, full) { Created = true };
            }
            catch (IOException) when (File.Exists(full))
            {
                // Another process made it first: use theirs.
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SecretsKeyException($"cannot create the secrets key file '{full}': {e.Message}", e);
            }
        }

        return Load(full);
    }

    /// <summary>A key from its bytes (tests, tools).</summary>
    public static SecretsKey FromBytes(ReadOnlySpan<byte> key, string path = "(memory)")
    {
        if (key.Length != Length)
        {
            throw new ArgumentException($"a secrets key is {Length} bytes", nameof(key));
        }

        return new SecretsKey(key.ToArray(), path);
    }

    private static SecretsKey Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.ASCII);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretsKeyException($"cannot read the secrets key file '{path}': {e.Message}", e);
        }

        var key = new byte[Length];
        if (!Convert.TryFromBase64String(text.Trim(), key, out var written) || written != Length)
        {
            throw new SecretsKeyException(
                $"'{path}' is not a secrets key: it must hold {Length} bytes in base64 on one line (head -c {Length} /dev/urandom | base64)");
        }

        return new SecretsKey(key, path);
    }
}
