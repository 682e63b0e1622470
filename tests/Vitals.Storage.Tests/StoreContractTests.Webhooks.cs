using System.Security.Cryptography;
using Vitals.Core.Health;
using Vitals.Core.Notifications;
using Vitals.Core.Resources;
using Vitals.Storage.Filters;
using Vitals.Storage.Secrets;
using Vitals.Storage.Sql;

namespace Vitals.Storage.Tests;

public abstract partial class StoreContractTests
{
    private const string SecretA = "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private const string SecretB = "whsec_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

    [Fact]
    public async Task Webhook_CreateGetUpdate_RoundTripsEveryFieldAndKeepsTheSecret()
    {
        var project = await NewProjectAsync();
        var input = NewWebhook(project, "ops", "https://hooks.example.com/vitals") with
        {
            Description = "the on-call channel",
            Events = [NotificationKind.MemberTransition, NotificationKind.PanicStarted],
            States = [HealthState.Unhealthy, HealthState.Healthy],
            AdminStateUp = false,
        };

        var created = Ok(await Sut.CreateWebhookAsync(input, Ct));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var changed = created with
        {
            Name = "ops-2", Description = "", Url = "http://10.0.0.7:8080/in", Events = [], States = [HealthState.Unavailable],
            AdminStateUp = true, Secret = "whsec_ignored_by_update_0000000000000000000000",
        };
        var updated = Ok(await Sut.UpdateWebhookAsync(changed, Ct));
        var read = await Sut.GetWebhookAsync(project.Id, created.Id, Ct);

        Assert.StartsWith("whk-", created.Id, StringComparison.Ordinal);
        AssertSameWebhook(input with { Id = created.Id, NumericId = created.NumericId, CreatedAt = Start, UpdatedAt = Start }, created);
        AssertSameWebhook(changed with { Secret = SecretA, UpdatedAt = Start.AddMilliseconds(1) }, updated);
        AssertSameWebhook(updated, read!);
    }

    [Fact]
    public async Task Webhook_NameTakenInProject_ConflictOnNameAndOtherProjectsFree()
    {
        var project = await NewProjectAsync();
        var other = await NewProjectAsync();
        Ok(await Sut.CreateWebhookAsync(NewWebhook(project, "ops", "https://a.example"), Ct));

        AssertConflict(await Sut.CreateWebhookAsync(NewWebhook(project, "ops", "https://b.example"), Ct), "name");
        Ok(await Sut.CreateWebhookAsync(NewWebhook(other, "ops", "https://b.example"), Ct));
        Ok(await Sut.CreateWebhookAsync(NewWebhook(project, "", "https://c.example"), Ct));
        Ok(await Sut.CreateWebhookAsync(NewWebhook(project, "", "https://d.example"), Ct));
        var second = Ok(await Sut.CreateWebhookAsync(NewWebhook(project, "dev", "https://e.example"), Ct));
        AssertConflict(await Sut.UpdateWebhookAsync(second with { Name = "ops" }, Ct), "name");
        Assert.Equal("dev", (await Sut.GetWebhookAsync(project.Id, second.Id, Ct))!.Name);
        AssertNotFound(await Sut.CreateWebhookAsync(NewWebhook(project, "x", "https://f.example") with { ProjectId = "prj-missing" }, Ct),
            "project_id");
    }

    [Fact]
    public async Task Webhook_OtherProject_NotFoundAndNotListed()
    {
        var project = await NewProjectAsync();
        var other = await NewProjectAsync();
        var webhook = Ok(await Sut.CreateWebhookAsync(NewWebhook(project, "ops", "https://a.example"), Ct));

        Assert.Null(await Sut.GetWebhookAsync(other.Id, webhook.Id, Ct));
        AssertNotFound(await Sut.UpdateWebhookAsync(webhook with { ProjectId = other.Id, Name = "stolen" }, Ct));
        AssertNotFound(await Sut.RotateWebhookSecretAsync(other.Id, webhook.Id, SecretB, Start, Ct));
        AssertNotFound(await Sut.DeleteWebhookAsync(other.Id, webhook.Id, Ct));
        Assert.Empty((await Sut.ListWebhooksAsync(other.Id, WebhookFilter.All, new PageRequest(0, 10), Ct)).Items);
        var kept = await Sut.GetWebhookAsync(project.Id, webhook.Id, Ct);
        Assert.Equal(("ops", SecretA), (kept!.Name, kept.Secret));
    }

    [Fact]
    public async Task ListWebhooks_FilterByNameAndStatePages_AndNullProjectListsEveryProject()
    {
        var project = await NewProjectAsync();
        var other = await NewProjectAsync();
        var mine = new List<Webhook>();
        for (var i = 0; i < 5; i++)
        {
            mine.Add(Ok(await Sut.CreateWebhookAsync(NewWebhook(project, $"w{i}", $"https://{i}.example") with { AdminStateUp = i % 2 == 0 }, Ct)));
            Ok(await Sut.CreateWebhookAsync(NewWebhook(other, $"w{i}", $"https://{i}.example"), Ct));
        }

        var first = await Sut.ListWebhooksAsync(project.Id, WebhookFilter.All, new PageRequest(0, 3, CountTotal: true), Ct);
        var second = await Sut.ListWebhooksAsync(project.Id, WebhookFilter.All, new PageRequest(first.NextAfter!.Value, 3, CountTotal: true), Ct);
        var byName = await Sut.ListWebhooksAsync(project.Id, WebhookFilter.All with { Name = "w3" }, new PageRequest(0, 10), Ct);
        var disabled = await Sut.ListWebhooksAsync(project.Id, WebhookFilter.All with { AdminStateUp = false }, new PageRequest(0, 10), Ct);
        var everyProject = await Sut.ListWebhooksAsync(null, WebhookFilter.All, new PageRequest(0, 100, CountTotal: true), Ct);

        Assert.Equal(mine.Take(3).Select(w => w.Id), first.Items.Select(w => w.Id));
        Assert.Equal(5, first.TotalCount);
        Assert.Equal(mine.Skip(3).Select(w => w.Id), second.Items.Select(w => w.Id));
        Assert.Null(second.NextAfter);
        Assert.Equal(mine[3].Id, Assert.Single(byName.Items).Id);
        Assert.Equal([mine[1].Id, mine[3].Id], disabled.Items.Select(w => w.Id));
        Assert.Equal(10, everyProject.TotalCount);
        Assert.Equal(2, everyProject.Items.Count(w => w.Name == "w4"));
        Assert.All(everyProject.Items, w => Assert.Equal(SecretA, w.Secret));
    }

    [Fact]
    public async Task RotateWebhookSecret_PreviousSignsUntilItsExpiry_AndTheNextRotationReplacesIt()
    {
        var project = await NewProjectAsync();
        var webhook = Ok(await Sut.CreateWebhookAsync(NewWebhook(project, "ops", "https://a.example"), Ct));
        var until = Start.AddHours(24);

        Time.Advance(TimeSpan.FromSeconds(1));
        var rotated = Ok(await Sut.RotateWebhookSecretAsync(project.Id, webhook.Id, SecretB, until, Ct));
        await RestartAsync();
        var read = (await Sut.GetWebhookAsync(project.Id, webhook.Id, Ct))!;
        var third = Ok(await Sut.RotateWebhookSecretAsync(project.Id, webhook.Id, SecretA + "x", Start.AddSeconds(5), Ct));

        Assert.Equal((SecretB, SecretA, until), (rotated.Secret, rotated.PreviousSecret, rotated.PreviousSecretExpiresAt));
        Assert.Equal(Start.AddSeconds(1), rotated.UpdatedAt);
        AssertSameWebhook(rotated, read);
        Assert.Equal([SecretB, SecretA], read.SigningSecrets(until.AddMilliseconds(-1)));
        Assert.Equal([SecretB], read.SigningSecrets(until));
        Assert.Equal((SecretA + "x", SecretB, Start.AddSeconds(5)), (third.Secret, third.PreviousSecret, third.PreviousSecretExpiresAt));
    }

    [Fact]
    public async Task DeleteWebhook_DeletesItsDeliveries_AndKeepsOtherWebhooksRows()
    {
        var project = await NewProjectAsync();
        var webhook = Ok(await Sut.CreateWebhookAsync(NewWebhook(project, "ops", "https://a.example"), Ct));
        var kept = Ok(await Sut.CreateWebhookAsync(NewWebhook(project, "dev", "https://b.example"), Ct));
        await InsertDeliveryAsync(webhook);
        await InsertDeliveryAsync(webhook);
        await InsertDeliveryAsync(kept);

        AssertNotFound(await Sut.DeleteWebhookAsync(project.Id, "whk-missing", Ct));
        Ok(await Sut.DeleteWebhookAsync(project.Id, webhook.Id, Ct));

        Assert.Null(await Sut.GetWebhookAsync(project.Id, webhook.Id, Ct));
        Assert.Equal(0, await DeliveriesOfAsync(webhook.Id));
        Assert.Equal(1, await DeliveriesOfAsync(kept.Id));
        AssertNotFound(await Sut.DeleteWebhookAsync(project.Id, webhook.Id, Ct));
    }

    [Fact]
    public async Task WebhookSecrets_WithSecretsKey_SealedAtRestAndReadInClear()
    {
        var project = await NewProjectAsync();
        var clear = Ok(await Sut.CreateWebhookAsync(NewWebhook(project, "before", "https://a.example"), Ct));
        var key = SecretsKey.FromBytes(RandomNumberGenerator.GetBytes(SecretsKey.Length));

        var migrated = await ((SqlStore)Sut).UseSecretsAsync(key, Ct);
        var created = Ok(await Sut.CreateWebhookAsync(NewWebhook(project, "after", "https://b.example"), Ct));
        var rotated = Ok(await Sut.RotateWebhookSecretAsync(project.Id, created.Id, SecretB, Start.AddHours(1), Ct));

        Assert.Equal(1, migrated);
        foreach (var id in new[] { clear.Id, created.Id })
        {
            var raw = await ScalarRawAsync<string>("SELECT secret FROM webhooks WHERE id = @id", new { id });
            Assert.StartsWith(SecretCipher.Prefix, raw, StringComparison.Ordinal);
            Assert.DoesNotContain("whsec_", raw, StringComparison.Ordinal);
        }

        var rawPrevious = await ScalarRawAsync<string>("SELECT previous_secret FROM webhooks WHERE id = @id", new { id = created.Id });
        Assert.StartsWith(SecretCipher.Prefix, rawPrevious, StringComparison.Ordinal);
        Assert.Equal((SecretB, SecretA), (rotated.Secret, rotated.PreviousSecret));
        Assert.Equal(SecretA, (await Sut.GetWebhookAsync(project.Id, clear.Id, Ct))!.Secret);
        var listed = (await Sut.ListWebhooksAsync(project.Id, WebhookFilter.All, new PageRequest(0, 10), Ct)).Items;
        Assert.Equal([(SecretA, null), (SecretB, SecretA)], listed.Select(w => (w.Secret, w.PreviousSecret)));

        // A node without the key, or with another one, cannot read them: it says so rather than handing out ciphertext.
        await RestartAsync();
        await Assert.ThrowsAsync<SecretsKeyException>(() => Sut.GetWebhookAsync(project.Id, clear.Id, Ct));
        var otherKey = SecretsKey.FromBytes(RandomNumberGenerator.GetBytes(SecretsKey.Length));
        await Assert.ThrowsAsync<SecretsKeyException>(() => ((SqlStore)Sut).UseSecretsAsync(otherKey, Ct));
        Assert.Equal(0, await ((SqlStore)Sut).UseSecretsAsync(key, Ct));
        Assert.Equal((SecretB, SecretA), ((await Sut.GetWebhookAsync(project.Id, created.Id, Ct))!.Secret,
            (await Sut.GetWebhookAsync(project.Id, created.Id, Ct))!.PreviousSecret));
    }

    [Fact]
    public async Task WebhookSecret_SealedValueCopiedToAnotherWebhook_DoesNotOpen()
    {
        var project = await NewProjectAsync();
        await ((SqlStore)Sut).UseSecretsAsync(SecretsKey.FromBytes(RandomNumberGenerator.GetBytes(SecretsKey.Length)), Ct);
        var first = Ok(await Sut.CreateWebhookAsync(NewWebhook(project, "a", "https://a.example"), Ct));
        var second = Ok(await Sut.CreateWebhookAsync(NewWebhook(project, "b", "https://b.example") with { Secret = SecretB }, Ct));

        await ExecuteRawAsync("UPDATE webhooks SET secret = (SELECT secret FROM webhooks WHERE id = @first) WHERE id = @second",
            new { first = first.Id, second = second.Id });

        await Assert.ThrowsAsync<SecretsKeyException>(() => Sut.GetWebhookAsync(project.Id, second.Id, Ct));
        Assert.Equal(SecretA, (await Sut.GetWebhookAsync(project.Id, first.Id, Ct))!.Secret);
    }

    [Fact]
    public async Task Alertmanager_CrudNameRulesAndProjects()
    {
        var project = await NewProjectAsync();
        var other = await NewProjectAsync();
        var input = new AlertmanagerTarget
        {
            Id = "", NumericId = 0, ProjectId = project.Id, Name = "am", Url = "http://10.0.0.5:9093", Description = "primary", AdminStateUp = false,
        };

        var created = Ok(await Sut.CreateAlertmanagerAsync(input, Ct));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var updated = Ok(await Sut.UpdateAlertmanagerAsync(created with { Name = "am2", Url = "https://am.example/prefix", Description = "", AdminStateUp = true }, Ct));
        Ok(await Sut.CreateAlertmanagerAsync(input with { ProjectId = other.Id, Name = "am2", AdminStateUp = true }, Ct));
        var duplicate = await Sut.CreateAlertmanagerAsync(input with { Name = "am2" }, Ct);
        var foreign = await Sut.GetAlertmanagerAsync(other.Id, created.Id, Ct);
        var byName = await Sut.ListAlertmanagersAsync(project.Id, AlertmanagerFilter.All with { Name = "am2" }, new PageRequest(0, 10), Ct);
        var all = await Sut.ListAlertmanagersAsync(null, AlertmanagerFilter.All with { AdminStateUp = true }, new PageRequest(0, 10), Ct);

        Assert.StartsWith("am-", created.Id, StringComparison.Ordinal);
        Assert.Equal(input with { Id = created.Id, NumericId = created.NumericId, CreatedAt = Start, UpdatedAt = Start }, created);
        Assert.Equal(("am2", "https://am.example/prefix", "", true, Start.AddMilliseconds(1)),
            (updated.Name, updated.Url, updated.Description, updated.AdminStateUp, updated.UpdatedAt));
        Assert.Equal(updated, await Sut.GetAlertmanagerAsync(project.Id, created.Id, Ct));
        AssertConflict(duplicate, "name");
        Assert.Null(foreign);
        Assert.Equal(updated, Assert.Single(byName.Items));
        Assert.Equal(2, all.Items.Count);
        AssertNotFound(await Sut.UpdateAlertmanagerAsync(updated with { ProjectId = other.Id }, Ct));
        AssertNotFound(await Sut.DeleteAlertmanagerAsync(other.Id, created.Id, Ct));
        Ok(await Sut.DeleteAlertmanagerAsync(project.Id, created.Id, Ct));
        Assert.Null(await Sut.GetAlertmanagerAsync(project.Id, created.Id, Ct));
        Assert.Empty((await Sut.ListAlertmanagersAsync(project.Id, AlertmanagerFilter.All, new PageRequest(0, 10), Ct)).Items);
    }

    protected static Webhook NewWebhook(Project project, string name, string url) => new()
    {
        Id = "", NumericId = 0, ProjectId = project.Id, Name = name, Url = url, Secret = SecretA,
    };

    /// <summary>Records compare lists by reference: events and states are compared as sequences.</summary>
    protected static void AssertSameWebhook(Webhook expected, Webhook actual)
    {
        Assert.Equal(expected.Events, actual.Events);
        Assert.Equal(expected.States, actual.States);
        Assert.Equal(expected with { Events = actual.Events, States = actual.States }, actual);
    }

    private Task<int> InsertDeliveryAsync(Webhook webhook) => ExecuteRawAsync(
        $"""
        INSERT INTO webhook_deliveries (webhook_id, project_id, event_id, kind, event_at, payload, status, attempts, created_at, next_attempt_at)
        VALUES (@Id, @ProjectId, 'evt-1', 'test', {RawNow}, '{"{}"}', 'Pending', 0, {RawNow}, {RawNow})
        """, new { webhook.Id, webhook.ProjectId });

    private async Task<long> DeliveriesOfAsync(string webhookId) =>
        await ScalarRawAsync<long>("SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = @webhookId", new { webhookId });
}
