using System.Net;
using Vitals.Core.Monitoring;
using Vitals.Testing;

namespace Vitals.Engine.Tests;

/// <summary>A started engine on a fake clock with a fake prober, plus helpers to register members.</summary>
internal sealed class EngineFixture : IAsyncDisposable
{
    public EngineFixture(EngineOptions? options = null, bool start = true)
    {
        Clock = new EngineClock();
        Prober = new FakeProber(Clock);
        Options = options ?? new EngineOptions { Jitter = 0 };
        Sut = new HealthEngine(Prober, Clock, Options, Logger);
        Sut.Subscribe(e =>
        {
            lock (Events)
            {
                Events.Add(e);
            }
        });
        if (start)
        {
            Sut.Start();
        }
    }

    public EngineClock Clock { get; }

    public FakeProber Prober { get; }

    public EngineOptions Options { get; }

    public ListLogger<HealthEngine> Logger { get; } = new();

    public HealthEngine Sut { get; }

    public List<HealthEvent> Events { get; } = [];

    public static HealthMonitorSpec Spec(int delay = 10, int timeout = 3, int rise = 2, int fall = 3) => new()
    {
        Type = HealthMonitorType.Tcp,
        Delay = delay,
        Timeout = timeout,
        MaxRetries = rise,
        MaxRetriesDown = fall,
    };

    public static IPAddress Address(int i) => new([127, 0, (byte)(i / 250), (byte)((i % 250) + 1)]);

    public static MemberRegistration Member(string id, int i = 0, HealthMonitorSpec? spec = null, int port = 80)
        => new(id, Address(i), port, spec ?? Spec());

    public List<HealthEvent> EventsOf(string memberId)
    {
        lock (Events)
        {
            return Events.FindAll(e => e.MemberId == memberId);
        }
    }

    public void Advance(double seconds) => Clock.Advance(TimeSpan.FromSeconds(seconds));

    public ValueTask DisposeAsync() => Sut.DisposeAsync();
}
