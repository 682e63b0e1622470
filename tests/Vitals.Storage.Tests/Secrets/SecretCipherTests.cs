using System.Security.Cryptography;
using Vitals.Storage.Secrets;

namespace Vitals.Storage.Tests.Secrets;

public sealed class SecretCipherTests
{
    private readonly SecretCipher _sut = new(SecretsKey.FromBytes(RandomNumberGenerator.GetBytes(SecretsKey.Length)));

    [Fact]
    public void Seal_ThenOpen_SameContext_GivesThePlainValueBack()
    {
        var sealedValue = _sut.Seal("the-secret", "row-1");

        Assert.StartsWith($"{SecretCipher.Prefix}{_sut.Key.Id}:", sealedValue, StringComparison.Ordinal);
        Assert.DoesNotContain("the-secret", sealedValue, StringComparison.Ordinal);
        Assert.True(_sut.TryOpen(sealedValue, "row-1", out var plain));
        Assert.Equal("the-secret", plain);
    }

    [Fact]
    public void Seal_TwiceTheSameValue_DiffersEachTime()
    {
        Assert.NotEqual(_sut.Seal("same", "row"), _sut.Seal("same", "row"));
    }

    [Fact]
    public void TryOpen_OtherContextOtherKeyOrTampered_Fails()
    {
        var sealedValue = _sut.Seal("the-secret", "row-1");
        var other = new SecretCipher(SecretsKey.FromBytes(RandomNumberGenerator.GetBytes(SecretsKey.Length)));
        var tampered = sealedValue[..^2] + (sealedValue[^2] == 'A' ? "B" : "A") + sealedValue[^1];

        Assert.False(_sut.TryOpen(sealedValue, "row-2", out _));
        Assert.False(other.TryOpen(sealedValue, "row-1", out _));
        Assert.False(_sut.TryOpen(tampered, "row-1", out _));
        Assert.False(_sut.TryOpen($"{SecretCipher.Prefix}{_sut.Key.Id}:!!", "row-1", out _));
        Assert.False(_sut.TryOpen($"{SecretCipher.Prefix}{_sut.Key.Id}:", "row-1", out _));
        Assert.Equal(_sut.Key.Id, SecretCipher.KeyIdOf(sealedValue));
        Assert.Null(SecretCipher.KeyIdOf("plainsecret"));
    }

    [Fact]
    public void LoadOrCreate_MissingFile_CreatesOwnerOnly_AndReadsBackTheSameKey()
    {
        var directory = Directory.CreateTempSubdirectory("vitals-key-").FullName;
        try
        {
            var path = Path.Combine(directory, "sub", "secrets.key");

            var created = SecretsKey.LoadOrCreate(path, create: true);
            var read = SecretsKey.LoadOrCreate(path, create: true);

            Assert.True(created.Created);
            Assert.False(read.Created);
            Assert.Equal(created.Id, read.Id);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            Assert.Throws<SecretsKeyException>(() => SecretsKey.LoadOrCreate(Path.Combine(directory, "absent.key"), create: false));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
