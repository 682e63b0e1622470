using Vitals.Core.Notifications;

namespace Vitals.Core.Tests.Notifications;

public sealed class NotificationIdsTests
{
    private const string ExpectedKnown = "83a7894f4ee82d8b9f73";

    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Derive_SameFact_SameId()
    {
        var first = NotificationIds.Derive(NotificationKind.MemberTransition, "prj-1", "mbr-1", At);
        var again = NotificationIds.Derive(NotificationKind.MemberTransition, "prj-1", "mbr-1", At.ToOffset(TimeSpan.FromHours(2)));

        Assert.Equal(first, again);
        Assert.Matches("^evt-[0-9a-f]{20}$", first);
        Assert.Equal(NotificationIds.Length, first.Length);
    }

    [Fact]
    public void Derive_KnownInput_IsStableAcrossVersions()
    {
        // sha256("member.transition\nprj-1\nmbr-1\n" + At.UtcTicks) truncated to 10 bytes:
        // printf 'member.transition\nprj-1\nmbr-1\n639322416000000000' | sha256sum | cut -c1-20
        var sut = NotificationIds.Derive(NotificationKind.MemberTransition, "prj-1", "mbr-1", At);

        Assert.Equal("evt-" + ExpectedKnown, sut);
    }

    [Fact]
    public void Derive_AnyFieldDiffers_IdDiffers()
    {
        string[] ids =
        [
            NotificationIds.Derive(NotificationKind.MemberTransition, "prj-1", "mbr-1", At),
            NotificationIds.Derive(NotificationKind.FlappingStarted, "prj-1", "mbr-1", At),
            NotificationIds.Derive(NotificationKind.MemberTransition, "prj-2", "mbr-1", At),
            NotificationIds.Derive(NotificationKind.MemberTransition, "prj-1", "mbr-2", At),
            NotificationIds.Derive(NotificationKind.MemberTransition, "prj-1", "mbr-1", At.AddTicks(1)),
            // the separator keeps "prj-1" + "mbr-1" apart from "prj-1mbr" + "-1"
            NotificationIds.Derive(NotificationKind.MemberTransition, "prj-1\nmbr", "-1", At),
        ];

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Derive_LongSubject_StillDistinguishes()
    {
        var subject = new string('x', 4000);

        var sut = NotificationIds.Derive(NotificationKind.Test, "prj-1", subject, At);

        Assert.Matches("^evt-[0-9a-f]{20}$", sut);
        Assert.NotEqual(sut, NotificationIds.Derive(NotificationKind.Test, "prj-1", subject + "y", At));
    }
}
