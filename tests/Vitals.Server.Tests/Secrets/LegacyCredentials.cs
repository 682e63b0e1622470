using System.Security.Cryptography;
using System.Text;
using Vitals.Core.Resources;
using Vitals.Storage;
using Vitals.Storage.Secrets;
using Vitals.Storage.Sqlite;

namespace Vitals.Server.Tests.Secrets;

/// <summary>
/// A database written directly through the store, the way versions before secrets at rest wrote it (no key: every
/// secret and consumer key in clear), or sealed under a given key: one project with a token, an AccessKey and an OVH triple.
/// </summary>
internal sealed record LegacyCredentials(string Token, string AccessKeyId, string AccessKeySecret, string ApplicationKey,
    string ApplicationSecret, string ConsumerKey)
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>The values that must never be found in the database's bytes once they are sealed.</summary>
    public IEnumerable<string> Secrets => [AccessKeySecret, ApplicationSecret, ConsumerKey];

    public static async Task<LegacyCredentials> WriteAsync(string databasePath, SecretsKey? key = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var values = new LegacyCredentials("legacy-token-" + RandomNumberGenerator.GetString(Alphabet, 24),
            "LTAI" + RandomNumberGenerator.GetString(Alphabet, 20), RandomNumberGenerator.GetString(Alphabet, 30),
            RandomNumberGenerator.GetString(Alphabet, 16), RandomNumberGenerator.GetString(Alphabet, 32), RandomNumberGenerator.GetString(Alphabet, 32));
        await using var store = await SqliteStore.OpenAsync(databasePath, cancellationToken: ct);
        if (key is not null)
        {
            await store.UseSecretsAsync(key, ct);
        }

        var project = (await store.CreateProjectAsync(new Project("", "legacy", default), TokenHash.Compute(values.Token), ct)).Value!;
        Assert.True((await store.AddCredentialAsync(new Credential
        {
            ProjectId = project.Id, Kind = CredentialKind.AlibabaAccessKey, KeyId = values.AccessKeyId, Secret = values.AccessKeySecret,
        }, ct)).IsOk);
        Assert.True((await store.AddCredentialAsync(new Credential
        {
            ProjectId = project.Id, Kind = CredentialKind.Ovh, KeyId = values.ConsumerKey, Secret = values.ApplicationSecret,
            Extra = values.ApplicationKey,
        }, ct)).IsOk);
        return values;
    }

    /// <summary>Which of <paramref name="values"/> occur (as UTF-8) in the raw bytes of the files at <paramref name="paths"/> that exist.</summary>
    public static List<string> FoundIn(IEnumerable<string> values, params string[] paths)
    {
        var found = new List<string>();
        foreach (var path in paths.Where(File.Exists))
        {
            var bytes = File.ReadAllBytes(path);
            found.AddRange(values.Where(v => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(v)) >= 0).Select(v => $"{v} in {Path.GetFileName(path)}"));
        }

        return found;
    }
}
